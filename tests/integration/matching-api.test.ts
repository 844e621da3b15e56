import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayProcess } from '../../infra/local/gateway-process.js';
import { loadOrCreateIssuer, mintLocalToken } from '../../infra/local/local-issuer.js';
import type { MatchingRun } from '../../shared/domain/matching/matching-ports.js';
import type { Submission } from '../../shared/domain/submission.js';
import { aMenteeApplication, aMentorApplication, uniqueEmail } from '../support/builders.js';
import { startGatewayOnOwnTable } from '../support/in-process-intake.js';
import { emailsTo, waitForEmails } from '../support/local-aws.js';

// A gateway and table of their own: the pool is every application in review in the table.
let gateway: GatewayProcess;
let staff: string;
let admins: string;

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'matching-'));
  ({ gateway } = await startGatewayOnOwnTable({ DATA_DIR: dataDir }));
  const issuer = await loadOrCreateIssuer(dataDir);
  staff = await mintLocalToken(issuer, {
    sub: 'casey',
    email: 'casey@ladocs.example',
    groups: ['staff'],
  });
  admins = await mintLocalToken(issuer, {
    sub: 'ada',
    email: 'ada@ladocs.example',
    groups: ['admins'],
  });
}, 60_000);
afterAll(() => gateway?.stop());

async function call(path: string, token: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  if (init.body) headers.set('content-type', 'application/json');
  return fetch(`${gateway.url}${path}`, { ...init, headers });
}

async function applyInReview(type: 'mentor' | 'mentee', application: Record<string, unknown>) {
  const response = await fetch(`${gateway.url}/applications/${type}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(application),
  });
  const { id } = (await response.json()) as { id: string };
  const moved = await call(`/admin/submissions/${id}`, staff, {
    method: 'PATCH',
    headers: { 'if-match': '"1"' },
    body: JSON.stringify({ status: 'under_review' }),
  });
  expect(moved.status).toBe(200);
  return id;
}

const read = async (id: string) =>
  (await (await call(`/admin/submissions/${id}`, staff)).json()) as Submission;

describe('matching through the API', () => {
  const emails = {
    mentor: uniqueEmail('match-mentor'),
    student: uniqueEmail('match-student'),
    resident: uniqueEmail('match-resident'),
  };
  let mentorId: string;
  let studentId: string;
  let residentId: string;
  let run: MatchingRun;

  it('lists every mentor as a candidate, eligible or not, with the rule that rules one out', async () => {
    mentorId = await applyInReview(
      'mentor',
      aMentorApplication({ email: emails.mentor, capacity: 1, menteeStages: ['medical_student'] }),
    );
    studentId = await applyInReview(
      'mentee',
      aMenteeApplication({
        email: emails.student,
        firstName: 'Sam',
        careerStage: 'medical_student',
      }),
    );
    residentId = await applyInReview(
      'mentee',
      aMenteeApplication({ email: emails.resident, careerStage: 'resident_or_fellow' }),
    );

    const student = await call(`/admin/matching/candidates?menteeId=${studentId}`, staff);
    const resident = await call(`/admin/matching/candidates?menteeId=${residentId}`, staff);

    expect((await student.json()).candidates).toEqual([
      expect.objectContaining({ mentorId, eligible: true, score: expect.any(Number) }),
    ]);
    expect((await resident.json()).candidates).toEqual([
      expect.objectContaining({
        mentorId,
        eligible: false,
        ruledOutBecause: expect.stringContaining('resident or fellow'),
      }),
    ]);
  });

  it('runs, stores and explains a matching: the pair with its reasons, the unmatched with theirs, the metrics', async () => {
    const response = await call('/admin/matching/runs', staff, { method: 'POST', body: '{}' });
    expect(response.status).toBe(201);
    run = (await response.json()) as MatchingRun;

    expect(run.pairs).toEqual([
      expect.objectContaining({ mentorId, menteeId: studentId, reasons: expect.any(Array) }),
    ]);
    expect(run.pairs[0]?.reasons).toHaveLength(5);
    expect(run.unmatched).toEqual([
      { menteeId: residentId, reason: expect.stringMatching(/^No mentor in the pool is eligible/) },
    ]);
    expect(run.metrics).toMatchObject({ mentees: 2, matched: 1, maximumPossible: 1 });
    expect(run.settingsVersion).toBe(1);
    const stored = await call(`/admin/matching/runs/${run.id}`, staff);
    expect(await stored.json()).toMatchObject({ id: run.id, pairs: run.pairs });
  });

  it('lets only admins approve; approval matches both, records it, and introduces each once', async () => {
    const refused = await call(`/admin/matching/runs/${run.id}/approve`, staff, {
      method: 'POST',
      body: '{}',
    });
    expect(refused.status).toBe(403);

    const approved = await call(`/admin/matching/runs/${run.id}/approve`, admins, {
      method: 'POST',
      body: JSON.stringify({ pairs: [{ mentorId, menteeId: studentId }] }),
    });
    expect(await approved.json()).toEqual({
      outcomes: [{ mentorId, menteeId: studentId, outcome: 'approved' }],
    });
    const [mentor, student] = await Promise.all([read(mentorId), read(studentId)]);
    expect(mentor.status).toBe('matched');
    expect(student.status).toBe('matched');
    expect(student.matches).toEqual([
      expect.objectContaining({ withId: mentorId, withRole: 'mentor', runId: run.id }),
    ]);
    expect(student.history?.at(-1)?.changes).toEqual({
      status: { from: 'under_review', to: 'matched' },
      match: { event: 'approved', with: mentorId },
    });
    const [toStudent] = await waitForEmails(emails.student, 2);
    const [toMentor] = await waitForEmails(emails.mentor, 2);
    const introduction = (await emailsTo(emails.student)).find((email) =>
      email.subject.includes('meet your mentor'),
    );
    expect(introduction?.body.text).toContain(emails.mentor);
    expect(toStudent && toMentor).toBeTruthy();

    const again = await call(`/admin/matching/runs/${run.id}/approve`, admins, {
      method: 'POST',
      body: '{}',
    });
    expect((await again.json()).outcomes).toEqual([
      { mentorId, menteeId: studentId, outcome: 'already_approved' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await emailsTo(emails.student)).toHaveLength(2);
    expect(await emailsTo(emails.mentor)).toHaveLength(2);
  });

  it('keeps a full mentor out of the next run, and ending the match puts both back in review', async () => {
    const next = (await (
      await call('/admin/matching/runs', staff, { method: 'POST', body: '{}' })
    ).json()) as MatchingRun;
    expect(next.pairs).toEqual([]);
    expect(next.metrics.mentees).toBe(1);

    const ended = await call(`/admin/matching/matches/${studentId}/end`, admins, {
      method: 'POST',
    });
    expect(ended.status).toBe(204);
    const [mentor, student] = await Promise.all([read(mentorId), read(studentId)]);
    expect(mentor.status).toBe('under_review');
    expect(student.status).toBe('under_review');
    expect(student.matches).toBeUndefined();
    expect(student.history?.at(-1)?.changes.match).toEqual({ event: 'ended', with: mentorId });
    const again = await call(`/admin/matching/matches/${studentId}/end`, admins, {
      method: 'POST',
    });
    expect(again.status).toBe(404);
  });

  it('refuses a pin that breaks a rule, and a pair the run did not suggest, with 400', async () => {
    const pin = await call('/admin/matching/runs', staff, {
      method: 'POST',
      body: JSON.stringify({ pinned: [{ mentorId, menteeId: residentId }] }),
    });
    expect(pin.status).toBe(400);
    expect((await pin.json()).message).toMatch(/cannot be pinned/);

    const stranger = await call(`/admin/matching/runs/${run.id}/approve`, admins, {
      method: 'POST',
      body: JSON.stringify({ pairs: [{ mentorId, menteeId: residentId }] }),
    });
    expect(stranger.status).toBe(400);
    const bad = await call('/admin/matching/runs', staff, {
      method: 'POST',
      body: JSON.stringify({ pinned: [{ mentorId: 'x', menteeId: residentId, note: 'y' }] }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: 'validation_failed',
      message: 'The request has 2 problems; correct them and send the request again.',
      issues: [
        {
          path: 'pinned.0.mentorId',
          message: 'mentorId must be an application id (26 characters).',
        },
        {
          path: 'pinned.0.note',
          message: 'pinned.0.note is not a parameter of this request; remove it.',
        },
      ],
    });
  });

  it('keeps versioned scoring settings: staff read them, only admins change them, over the version they read', async () => {
    const read = await call('/admin/matching/settings', staff);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(await read.json()).toMatchObject({
      version: 1,
      weights: { specialty: 30 },
      minimumScore: 0,
    });
    const weights = { specialty: 40, goals: 20, region: 15, language: 15, meeting: 10 };
    const body = JSON.stringify({ weights, minimumScore: 10 });

    expect(
      (
        await call('/admin/matching/settings', staff, {
          method: 'PUT',
          headers: { 'if-match': '"1"' },
          body,
        })
      ).status,
    ).toBe(403);
    const wrongSum = await call('/admin/matching/settings', admins, {
      method: 'PUT',
      headers: { 'if-match': '"1"' },
      body: JSON.stringify({ weights: { ...weights, specialty: 50 }, minimumScore: 0 }),
    });
    expect(wrongSum.status).toBe(400);
    expect((await wrongSum.json()).message).toContain('add up to 100 (they add up to 110)');
    const saved = await call('/admin/matching/settings', admins, {
      method: 'PUT',
      headers: { 'if-match': '"1"' },
      body,
    });
    expect(await saved.json()).toMatchObject({ version: 2, weights, minimumScore: 10 });
    const stale = await call('/admin/matching/settings', admins, {
      method: 'PUT',
      headers: { 'if-match': '"1"' },
      body,
    });
    expect(stale.status).toBe(409);
    const run = (await (
      await call('/admin/matching/runs', staff, { method: 'POST', body: '{}' })
    ).json()) as MatchingRun;
    expect(run.settingsVersion).toBe(2);
  });
});
