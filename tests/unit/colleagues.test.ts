import { describe, expect, it } from 'vitest';
import { menteeApplicationSchema } from '../../shared/applications/schemas/mentee.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import type {
  Actor,
  AuditEntry,
  MatchView,
  Submission,
} from '../../shared/applications/submission.js';
import {
  type ColleagueSituation,
  planColleague,
  rankColleagues,
} from '../../shared/matching/colleague.js';
import {
  colleagueEndingOutcome,
  endingOutcome,
  leavingMatches,
  staffEndsColleague,
  staffEndsMatch,
} from '../../shared/matching/match-ending.js';
import { DEFAULT_MATCHING_SETTINGS } from '../../shared/matching/matching-settings.js';
import { colleagueWrites } from '../../shared/matching/store/colleagues.js';
import { matchEndingWrites } from '../../shared/matching/store/match-ending.js';
import { aMenteeApplication, aMentorApplication } from '../support/builders.js';

const staff: Actor = { sub: 'staff-1', email: 'staff-1@ladocs.org' };
const at = new Date('2027-03-01T17:00:00.000Z');

function aMentor(
  id: string,
  answers: Record<string, unknown> = {},
  more: Partial<Submission> = {},
): Submission {
  return {
    id,
    reference: `LM-${id}`,
    type: 'mentor',
    status: 'under_review',
    createdAt: '2027-01-10T00:00:00.000Z',
    application: mentorApplicationSchema.parse(
      aMentorApplication({ firstName: id, lastName: 'Mentor', ...answers }),
    ),
    cycleId: '2027',
    confirmation: { state: 'sent', attempts: 1 },
    version: 3,
    ...more,
  };
}

const mentee: Submission = {
  id: 'MENTEE',
  reference: 'LM-MENTEE',
  type: 'mentee',
  status: 'matched',
  createdAt: '2027-01-11T00:00:00.000Z',
  // Interested in emergency medicine and pediatrics; meets virtually; English only.
  application: menteeApplicationSchema.parse(aMenteeApplication()),
  cycleId: '2027',
  confirmation: { state: 'sent', attempts: 1 },
  version: 5,
};

const situation = (
  mentors: Submission[],
  more: Partial<ColleagueSituation> = {},
): ColleagueSituation => ({
  mentee,
  primary: { mentorId: 'PRIMARY', matchId: 'match-primary' },
  mentors,
  matchCounts: new Map(),
  settings: DEFAULT_MATCHING_SETTINGS,
  ...more,
});

describe('ranking colleagues for a matched mentee', () => {
  it('ranks by the pair rules and scores, each with its reasons, the ruled out last', () => {
    const ranked = rankColleagues(
      situation([
        aMentor('DERM', { specialty: 'dermatology' }),
        aMentor('PEDS', { specialty: 'pediatrics' }),
        // Takes residents only: the mentee is a medical student.
        aMentor('RES', { specialty: 'pediatrics', menteeStages: ['resident_or_fellow'] }),
      ]),
    );

    expect(ranked.map((candidate) => [candidate.mentorId, candidate.eligible])).toEqual([
      ['PEDS', true],
      ['DERM', true],
      ['RES', false],
    ]);
    const [peds, derm, resident] = ranked;
    expect((peds?.score ?? 0) - (derm?.score ?? 0)).toBe(
      DEFAULT_MATCHING_SETTINGS.weights.specialty,
    );
    expect(peds?.reasons.map((reason) => reason.criterion)).toEqual([
      'specialty',
      'goals',
      'region',
      'language',
      'meeting',
    ]);
    expect(peds?.reasons[0]?.text).toBe(
      "The mentor's specialty, Pediatrics, is one the mentee is interested in",
    );
    expect(peds?.specialty).toBe('Pediatrics');
    expect(resident?.ruledOutBecause).toBe(
      'The mentor takes residents or fellows, not medical students',
    );
  });

  it('ranks those who practise the specialty the need names first among the eligible', () => {
    const ranked = rankColleagues(
      situation([
        aMentor('PEDS', { specialty: 'pediatrics' }),
        aMentor('DERM', { specialty: 'dermatology' }),
      ]),
      'dermatology',
    );

    expect(ranked.map((candidate) => [candidate.mentorId, candidate.hasSpecialty])).toEqual([
      ['DERM', true],
      ['PEDS', false],
    ]);
  });

  it('leaves out the primary mentor, the colleague now, mentors left out for the mentee, the full, other cycles and those not taking part', () => {
    const ranked = rankColleagues(
      situation(
        [
          aMentor('PRIMARY', {}, { status: 'matched' }),
          aMentor('COLLEAGUE', {}, { status: 'matched' }),
          aMentor('LEFT-OUT'),
          aMentor('FULL', { capacity: 1 }, { status: 'matched' }),
          aMentor('LAST-YEAR', {}, { cycleId: '2026' }),
          aMentor('DECLINED', {}, { status: 'declined' }),
          aMentor('ROOM', { capacity: 2 }, { status: 'matched' }),
          aMentor('WAITING', {}, { status: 'waitlisted' }),
        ],
        {
          mentee: {
            ...mentee,
            excludedMentors: [{ mentorId: 'LEFT-OUT', endedAt: '2027-02-01', reason: 'fit' }],
          },
          colleague: { mentorId: 'COLLEAGUE', matchId: 'match-colleague' },
          // Colleague matches count: FULL's one place is taken.
          matchCounts: new Map([
            ['FULL', 1],
            ['ROOM', 1],
          ]),
        },
      ),
    );

    expect(ranked.map((candidate) => candidate.mentorId).sort()).toEqual(['ROOM', 'WAITING']);
    expect(ranked.find((candidate) => candidate.mentorId === 'ROOM')?.placesLeft).toBe(1);
  });

  it('lists nobody for a mentee who is not matched', () => {
    const { primary: _none, ...unmatched } = situation([aMentor('PEDS')]);
    expect(rankColleagues(unmatched)).toEqual([]);
  });
});

describe('bringing in a colleague', () => {
  const request = {
    mentorId: 'DERM',
    need: 'Advice on a dermatology elective',
    specialty: 'dermatology',
  };
  const decide = (mentors: Submission[], more: Partial<ColleagueSituation> = {}) =>
    planColleague(situation(mentors, more), request, at, staff, 'match-colleague');

  it('plans the colleague match: both histories, the colleague matched with one more mentee, views marked secondary, two introductions', () => {
    const decision = decide([aMentor('DERM', { specialty: 'dermatology' })]);
    if (!('plan' in decision)) throw new Error(decision.refusal.message);
    const { plan } = decision;

    expect(plan.mentee).toEqual({
      id: 'MENTEE',
      expectedVersion: 5,
      entry: {
        at: at.toISOString(),
        by: staff,
        changes: { match: { event: 'colleague', with: 'DERM', need: request.need } },
      },
    });
    expect(plan.colleague.entry.changes).toEqual({
      status: { from: 'under_review', to: 'matched' },
      match: { event: 'colleague', with: 'MENTEE', need: request.need },
    });
    expect(plan.views.map(({ applicationId, view }) => [applicationId, view.withId])).toEqual([
      ['MENTEE', 'DERM'],
      ['DERM', 'MENTEE'],
    ]);
    expect(plan.views[0]?.view).toMatchObject({
      withRole: 'mentor',
      secondary: true,
      need: request.need,
      specialty: 'dermatology',
      primaryMentorId: 'PRIMARY',
      matchId: 'match-colleague',
    });
    expect(plan.views[0]?.view.runId).toBeUndefined();
    // To the mentee and the colleague only, each naming the other, never the primary mentor.
    expect(plan.introductions.map((email) => [email.applicationId, email.kind])).toEqual([
      ['MENTEE', 'colleagueIntroduction:DERM:match-colleague'],
      ['DERM', 'colleagueIntroduction:MENTEE:match-colleague'],
    ]);
    expect(plan.introductions[0]?.colleague).toEqual({
      matchId: 'match-colleague',
      menteeId: 'MENTEE',
      colleagueId: 'DERM',
      primaryMentorId: 'PRIMARY',
      need: request.need,
      specialty: 'dermatology',
    });
  });

  it('writes it in one transaction, each write conditioned on what was read', () => {
    const decision = decide([aMentor('DERM')]);
    if (!('plan' in decision)) throw new Error(decision.refusal.message);
    const writes = colleagueWrites(decision.plan);

    expect(writes).toHaveLength(8);
    const [menteeWrite, colleagueWrite, primaryOnMentee, primaryOnMentor] = writes;
    expect(menteeWrite?.Update?.ConditionExpression).toBe(
      '#status = :matched AND version = :version',
    );
    expect(colleagueWrite?.Update?.UpdateExpression).toContain(
      'matchCount = if_not_exists(matchCount, :zero) + :one',
    );
    // The same capacity condition as approval: the mentor's own answer.
    expect(colleagueWrite?.Update?.ConditionExpression).toContain(
      'matchCount < #answers.#capacity',
    );
    expect(colleagueWrite?.Update?.ExpressionAttributeValues?.[':version']).toBe(3);
    // One colleague at a time, on the primary match still in place.
    for (const write of [primaryOnMentee, primaryOnMentor]) {
      expect(write?.Update?.ConditionExpression).toBe(
        'matchId = :primary AND attribute_not_exists(colleague)',
      );
      expect(write?.Update?.ExpressionAttributeValues?.[':colleague']).toEqual({
        mentorId: 'DERM',
        matchId: 'match-colleague',
      });
    }
    expect(primaryOnMentee?.Update?.Key).toEqual({ pk: 'APPLICATION#MENTEE', sk: 'MATCH#PRIMARY' });
    expect(primaryOnMentor?.Update?.Key).toEqual({ pk: 'APPLICATION#PRIMARY', sk: 'MATCH#MENTEE' });
    // The mentee's guard (MATCHED#) is not touched: it stays the primary's.
    expect(JSON.stringify(writes)).not.toContain('MATCHED#');
    expect(writes.slice(4).map((write) => write.Put?.ConditionExpression)).toEqual(
      Array(4).fill('attribute_not_exists(pk)'),
    );
  });

  it.each([
    [
      'not_matched',
      [aMentor('DERM')],
      { primary: undefined },
      'The mentee has no match now: a colleague joins a match in place.',
    ],
    ['mentor_not_found', [], {}, 'No mentor application with that id.'],
    [
      'primary_mentor',
      [aMentor('DERM')],
      { primary: { mentorId: 'DERM', matchId: 'm' } },
      'That is the mentee’s own mentor: choose another mentor as the colleague.',
    ],
    [
      'already_colleague',
      [aMentor('DERM', {}, { status: 'matched' })],
      { colleague: { mentorId: 'DERM', matchId: 'm' } },
      'That mentor is already the mentee’s colleague.',
    ],
    [
      'has_colleague',
      [aMentor('DERM')],
      { colleague: { mentorId: 'OTHER', matchId: 'm' } },
      'The mentee has a colleague already (1 at a time): end that colleague’s match first.',
    ],
    [
      'colleague_full',
      [aMentor('DERM', { capacity: 2 }, { status: 'matched' })],
      { matchCounts: new Map([['DERM', 2]]) },
      'That mentor has no place left: their mentees (colleague matches included) already fill the number they said they would take.',
    ],
    [
      'not_in_pool',
      [aMentor('DERM', {}, { status: 'withdrawn' })],
      {},
      'That mentor is not taking part in the mentee’s cycle now (only mentors under review, waitlisted or matched in that cycle can be colleagues).',
    ],
    [
      'not_eligible',
      [aMentor('DERM', { meetingPreference: 'in_person' })],
      {},
      'The matching rules rule this pair out: One will meet only in person, the other only virtually.',
    ],
  ] as const)('refuses as %s, with words staff can act on', (code, mentors, more, message) => {
    const decision = decide([...mentors], more as Partial<ColleagueSituation>);
    expect(decision).toEqual({ refusal: { code, message } });
  });

  it('refuses a mentor left out for the mentee when a match of theirs ended', () => {
    const decision = decide([aMentor('DERM')], {
      mentee: {
        ...mentee,
        excludedMentors: [{ mentorId: 'DERM', endedAt: '2027-02-01', reason: 'fit' }],
      },
    });
    expect(decision).toMatchObject({ refusal: { code: 'excluded' } });
  });
});

describe('a colleague match ending', () => {
  const when = at.toISOString();
  const view = (withId: string, withRole: 'mentor' | 'mentee', more: Partial<MatchView> = {}) => ({
    withId,
    withRole,
    approvedAt: '2027-02-01T17:00:00.000Z',
    approvedBy: staff,
    score: 70,
    matchId: `match-${withId}`,
    ...more,
  });
  const matched = (reference: string, matchCount?: number) => ({
    status: 'matched',
    reference,
    ...(matchCount !== undefined ? { matchCount } : {}),
  });
  const keysOf = (writes: ReturnType<typeof matchEndingWrites>) =>
    writes.map((write) => {
      const [kind, operation] = Object.entries(write)[0] ?? [];
      const { pk, sk } = (operation as { Key?: { pk: string; sk: string } }).Key ?? {};
      return `${kind} ${pk} ${sk}`;
    });

  it('ends with the primary when staff end the primary match: the colleague back under review, the mentee written once', () => {
    const endings = staffEndsMatch(
      'MENTEE',
      'PRIMARY',
      1,
      when,
      staff,
      { reason: 'schedule', returnToPool: true },
      { mentorId: 'DERM', matchId: 'match-colleague', count: 1 },
    );

    expect(endings.map((ending) => [ending.mentorId, ending.secondary])).toEqual([
      ['PRIMARY', undefined],
      ['DERM', { matchId: 'match-colleague', primaryMentorId: 'PRIMARY', primaryStays: false }],
    ]);
    expect(endingOutcome(endings, { reason: 'schedule', returnToPool: true }).colleague).toEqual({
      mentorId: 'DERM',
      mentorStatus: 'under_review',
    });
    const writes = matchEndingWrites(endings);
    expect(keysOf(writes)).toEqual([
      'Delete MATCHED#MENTEE MATCHED',
      'Delete APPLICATION#MENTEE MATCH#PRIMARY',
      'Delete APPLICATION#PRIMARY MATCH#MENTEE',
      'Delete APPLICATION#MENTEE MATCH#DERM',
      'Delete APPLICATION#DERM MATCH#MENTEE',
      'Update APPLICATION#MENTEE APPLICATION',
      'Update APPLICATION#PRIMARY APPLICATION',
      'Update APPLICATION#DERM APPLICATION',
    ]);
    const menteeWrite = writes[5]?.Update;
    // Both endings in the mentee's history, back under review with priority.
    expect(menteeWrite?.ExpressionAttributeValues?.[':status']).toBe('under_review');
    expect(menteeWrite?.ExpressionAttributeValues?.[':priority']).toBe(true);
    expect(
      ((menteeWrite?.ExpressionAttributeValues?.[':entry'] ?? []) as AuditEntry[]).map(
        (entry) => entry.changes.match,
      ),
    ).toEqual([
      { event: 'ended', with: 'PRIMARY', reason: 'schedule', excluded: true, priority: true },
      { event: 'ended', with: 'DERM', secondary: true },
    ]);
    expect(writes[7]?.Update?.ExpressionAttributeValues).toMatchObject({
      ':status': 'under_review',
      ':count': 1,
      ':left': 1,
    });
  });

  it('staff ending just the colleague match keep the mentee matched and the primary views forget the colleague', () => {
    const ending = staffEndsColleague(
      {
        menteeId: 'MENTEE',
        mentorId: 'DERM',
        matchId: 'match-colleague',
        primaryMentorId: 'PRIMARY',
      },
      2,
      when,
      staff,
    );

    expect(colleagueEndingOutcome(ending)).toEqual({
      menteeId: 'MENTEE',
      mentorId: 'DERM',
      mentorStatus: 'matched',
    });
    const writes = matchEndingWrites([ending]);
    expect(keysOf(writes)).toEqual([
      'Delete APPLICATION#MENTEE MATCH#DERM',
      'Delete APPLICATION#DERM MATCH#MENTEE',
      'Update APPLICATION#MENTEE MATCH#PRIMARY',
      'Update APPLICATION#PRIMARY MATCH#MENTEE',
      'Update APPLICATION#MENTEE APPLICATION',
      'Update APPLICATION#DERM APPLICATION',
    ]);
    expect(writes[2]?.Update).toMatchObject({
      UpdateExpression: 'REMOVE colleague',
      ConditionExpression: 'colleague.matchId = :match',
      ExpressionAttributeValues: { ':match': 'match-colleague' },
    });
    expect(writes[4]?.Update?.ExpressionAttributeValues?.[':status']).toBe('matched');
    expect(writes[5]?.Update?.ExpressionAttributeValues?.[':status']).toBe('matched');
    expect(JSON.stringify(writes)).not.toContain('MATCHED#');
  });

  it('a mentee leaving ends both matches, the colleague counted down', () => {
    const plan = leavingMatches(
      {
        id: 'MENTEE',
        type: 'mentee',
        matches: [
          view('PRIMARY', 'mentor', {
            colleague: { mentorId: 'DERM', matchId: 'match-DERM' },
          }),
          view('DERM', 'mentor', { secondary: true, primaryMentorId: 'PRIMARY' }),
        ],
      },
      new Map([
        ['PRIMARY', matched('LM-P', 1)],
        ['DERM', matched('LM-D', 3)],
      ]),
      when,
      staff,
    );

    expect(plan.pairs.map((pair) => [pair.mentorId, pair.sides.map((side) => side.side)])).toEqual([
      ['PRIMARY', [{ id: 'PRIMARY', role: 'mentor', count: 1 }]],
      ['DERM', [{ id: 'DERM', role: 'mentor', count: 3 }]],
    ]);
    expect(
      plan.ended.map((ended) => [ended.withReference, ended.nowStatus, ended.colleague]),
    ).toEqual([
      ['LM-P', 'under_review', undefined],
      ['LM-D', 'matched', {}],
    ]);
    expect(keysOf(matchEndingWrites(plan.pairs))).toEqual([
      'Delete MATCHED#MENTEE MATCHED',
      'Delete APPLICATION#MENTEE MATCH#PRIMARY',
      'Delete APPLICATION#PRIMARY MATCH#MENTEE',
      'Delete APPLICATION#MENTEE MATCH#DERM',
      'Delete APPLICATION#DERM MATCH#MENTEE',
      'Update APPLICATION#PRIMARY APPLICATION',
      'Update APPLICATION#DERM APPLICATION',
    ]);
  });

  it('a primary mentor leaving ends their mentees’ colleague matches, a colleague of two moved once by two', () => {
    const plan = leavingMatches(
      {
        id: 'PRIMARY',
        type: 'mentor',
        matches: [
          view('E1', 'mentee', { colleague: { mentorId: 'DERM', matchId: 'match-c1' } }),
          view('E2', 'mentee', { colleague: { mentorId: 'DERM', matchId: 'match-c2' } }),
        ],
      },
      new Map([
        ['E1', matched('LM-E1')],
        ['E2', matched('LM-E2')],
        ['DERM', matched('LM-D', 2)],
      ]),
      when,
      staff,
    );

    expect(
      plan.ended.map((ended) => [ended.withReference, ended.nowStatus, ended.colleague]),
    ).toEqual([
      ['LM-E1', 'under_review', undefined],
      ['LM-D', 'matched', { forReference: 'LM-E1' }],
      ['LM-E2', 'under_review', undefined],
      ['LM-D', 'under_review', { forReference: 'LM-E2' }],
    ]);
    const writes = matchEndingWrites(plan.pairs);
    const derm = writes.filter((write) => write.Update?.Key?.pk === 'APPLICATION#DERM');
    // A transaction writes an item once: the colleague's two endings in one update.
    expect(derm).toHaveLength(1);
    expect(derm[0]?.Update?.ExpressionAttributeValues).toMatchObject({
      ':count': 2,
      ':left': 2,
      ':status': 'under_review',
    });
    expect(
      ((derm[0]?.Update?.ExpressionAttributeValues?.[':entry'] ?? []) as AuditEntry[]).length,
    ).toBe(2);
    const keys = keysOf(writes);
    expect(new Set(keys).size).toBe(keys.length);
    // Each mentee: back under review, their history saying both matches ended.
    const e1 = writes.find((write) => write.Update?.Key?.pk === 'APPLICATION#E1')?.Update;
    expect(e1?.ExpressionAttributeValues?.[':status']).toBe('under_review');
    expect(((e1?.ExpressionAttributeValues?.[':entry'] ?? []) as AuditEntry[]).length).toBe(2);
  });

  it('a colleague leaving ends only their colleague match: the mentee keeps their mentor', () => {
    const plan = leavingMatches(
      {
        id: 'DERM',
        type: 'mentor',
        matches: [view('MENTEE', 'mentee', { secondary: true, primaryMentorId: 'PRIMARY' })],
      },
      new Map([['MENTEE', matched('LM-E')]]),
      when,
      staff,
    );

    expect(plan.ended).toEqual([
      {
        withId: 'MENTEE',
        withReference: 'LM-E',
        withRole: 'mentee',
        nowStatus: 'matched',
        colleague: {},
      },
    ]);
    const writes = matchEndingWrites(plan.pairs);
    expect(keysOf(writes)).toEqual([
      'Delete APPLICATION#MENTEE MATCH#DERM',
      'Delete APPLICATION#DERM MATCH#MENTEE',
      'Update APPLICATION#MENTEE MATCH#PRIMARY',
      'Update APPLICATION#PRIMARY MATCH#MENTEE',
      'Update APPLICATION#MENTEE APPLICATION',
    ]);
    expect(writes[4]?.Update?.ExpressionAttributeValues?.[':status']).toBe('matched');
  });
});
