import * as z from 'zod/mini';
import {
  MATCH_END_NOTE_MAX_LENGTH,
  MATCH_END_REASON_VALUES,
} from '../applications/match-end-reasons.js';
import { SPECIALTIES } from '../applications/schemas/choices.js';
import { described, oneOf, singleLineText } from '../applications/schemas/fields.js';
import { isSubmissionId } from '../applications/submission.js';
import { COLLEAGUE_NEED_MAX_LENGTH } from './colleague-limits.js';

const applicationId = (title: string) =>
  described(
    z
      .string()
      .check(z.refine(isSubmissionId, `${title} must be an application id (26 characters).`)),
    { title },
  );

const pairKey = z.strictObject({
  mentorId: applicationId('mentorId'),
  menteeId: applicationId('menteeId'),
});

const pairList = (title: string, max: number) =>
  z.optional(
    described(z.array(pairKey).check(z.maxLength(max, `${title} holds at most ${max} pairs.`)), {
      title,
    }),
  );

/** `GET /admin/matching/candidates` query. */
export const candidatesQuerySchema = z.strictObject({ menteeId: applicationId('menteeId') });

/** `POST /admin/matching/runs` body: pairs to keep and pairs never to suggest. */
export const runRequestSchema = z.strictObject({
  pinned: pairList('pinned', 1000),
  excluded: pairList('excluded', 5000),
});

/** `POST /admin/matching/runs/{id}/approve` body: all the run's pairs, or these. */
export const approveRequestSchema = z.strictObject({ pairs: pairList('pairs', 5000) });

/**
 * `POST /admin/matching/matches/{menteeId}/end` body: why the match ends (a note only with
 * `other`), and whether the mentee goes back to the pool with priority.
 */
export const endMatchRequestSchema = z
  .strictObject({
    reason: described(z.enum(MATCH_END_REASON_VALUES), { title: 'reason' }),
    note: z.optional(singleLineText({ title: 'note' }, { max: MATCH_END_NOTE_MAX_LENGTH })),
    returnToPool: described(z.boolean(), { title: 'returnToPool' }),
  })
  .check(
    z.refine((request) => request.note === undefined || request.reason === 'other', {
      message: 'note goes with reason other only: choose other, or leave note out.',
      path: ['note'],
    }),
  );

const points = (title: string) =>
  described(z.number().check(z.int(), z.minimum(0), z.maximum(100)), { title });

/** `PUT /admin/matching/settings` body (with If-Match: the version read). */
export const settingsSchema = z.strictObject({
  weights: z.strictObject({
    specialty: points('weights.specialty'),
    goals: points('weights.goals'),
    region: points('weights.region'),
    language: points('weights.language'),
    meeting: points('weights.meeting'),
  }),
  minimumScore: points('minimumScore'),
});

const neededSpecialty = () => z.optional(oneOf(SPECIALTIES, { title: 'specialty' }));

/**
 * `GET /admin/matches/{menteeId}/colleague-candidates` query: the specialty the need is
 * for, if staff name one (those who practise it rank first).
 */
export const colleagueCandidatesQuerySchema = z.strictObject({ specialty: neededSpecialty() });

/**
 * `POST /admin/matches/{menteeId}/colleagues` body: which mentor, the need they are brought
 * in for (one line, kept in both histories and said in both introductions), and the
 * specialty it is for, if any.
 */
export const colleagueRequestSchema = z.strictObject({
  mentorId: applicationId('mentorId'),
  need: singleLineText({ title: 'need' }, { max: COLLEAGUE_NEED_MAX_LENGTH }),
  specialty: neededSpecialty(),
});
