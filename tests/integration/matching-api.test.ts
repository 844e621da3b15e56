import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Submission } from '../../shared/applications/submission.js';
import type { ApprovalReport, MatchingRun } from '../../shared/matching/matching-ports.js';
import type { PairKey } from '../../shared/matching/pool.js';
import { MENTOR_ERASED_REASON, RUN_LIFETIME_DAYS } from '../../shared/matching/run-erasure.js';
import { aMenteeApplication, aMentorApplication, uniqueEmail } from '../support/builders.js';
import { emailsTo, table, waitForEmails } from '../support/local-aws.js';
import { seedMatchablePool, seedPool } from '../support/matching-seed.js';
import { type StaffGateway, startStaffGateway } from '../support/staff-gateway.js';
import { runsMentioning, storedRun, storedRuns } from '../support/stored-runs.js';

let main: StaffGateway;
let tableName: string;
let staff: string;
let admins: string;

beforeAll(async () => {
  main = await startStaffGateway();
  ({ tableName, staff, admins } = main);
}, 60_000);
afterAll(() => main?.gateway.stop());

const call = (path: string, token: string, init: RequestInit = {}) => main.call(path, token, init);

const applyInReview = (type: 'mentor' | 'mentee', application: Record<string, unknown>) =>
  main.applyInReview(type, application);

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
        ruledOutBecause: 'The mentor takes medical students, not residents or fellows',
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
      remaining: 0,
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
    expect(await again.json()).toEqual({
      outcomes: [{ mentorId, menteeId: studentId, outcome: 'already_approved' }],
      remaining: 0,
    });
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

    const body = JSON.stringify({ reason: 'completed_early', returnToPool: false });
    const ended = await call(`/admin/matching/matches/${studentId}/end`, admins, {
      method: 'POST',
      body,
    });
    expect(ended.status).toBe(200);
    expect(await ended.json()).toEqual({
      menteeId: studentId,
      mentorId,
      reason: 'completed_early',
      returnedToPool: false,
      mentorExcluded: false,
      mentorStatus: 'under_review',
    });
    const [mentor, student] = await Promise.all([read(mentorId), read(studentId)]);
    expect(mentor.status).toBe('under_review');
    expect(student.status).toBe('under_review');
    expect(student.matches).toBeUndefined();
    // Not returned to the pool, and finished early: no priority, and the pair may meet again.
    expect(student.priority).toBeUndefined();
    expect(student.excludedMentors).toBeUndefined();
    expect(student.history?.at(-1)?.changes.match).toEqual({
      event: 'ended',
      with: mentorId,
      reason: 'completed_early',
    });
    expect(mentor.history?.at(-1)?.changes.match).toEqual({
      event: 'ended',
      with: studentId,
      reason: 'completed_early',
    });
    const again = await call(`/admin/matching/matches/${studentId}/end`, admins, {
      method: 'POST',
      body,
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

describe('stored runs, a working document that expires and forgets whoever is erased', () => {
  it("keeps nothing of a mentor staff erase: not their id, name or answers' words, and still reads for the others", async () => {
    const person = {
      firstName: 'Imelda',
      lastName: 'Dimaculangan',
      email: uniqueEmail('tagalog-mentor'),
    };
    const mentorId = await applyInReview(
      'mentor',
      aMentorApplication({
        ...person,
        capacity: 1,
        languages: ['english', 'tagalog'],
        region: 'antelope_valley',
        menteeStages: ['medical_student'],
      }),
    );
    const menteeId = await applyInReview(
      'mentee',
      aMenteeApplication({ languages: ['english', 'tagalog'], region: 'antelope_valley' }),
    );
    const otherMentorId = await applyInReview('mentor', aMentorApplication({ capacity: 1 }));
    const otherMenteeId = await applyInReview('mentee', aMenteeApplication());
    const created = await call('/admin/matching/runs', staff, {
      method: 'POST',
      body: JSON.stringify({
        pinned: [
          { mentorId, menteeId },
          { mentorId: otherMentorId, menteeId: otherMenteeId },
        ],
      }),
    });
    expect(created.status).toBe(201);
    const run = (await created.json()) as MatchingRun;
    const others = run.pairs.find((pair) => pair.mentorId === otherMentorId);
    const theirWords = [mentorId, person.firstName, person.lastName, person.email];
    const answerWords = ['Tagalog', 'Antelope Valley'];
    // The stored run quoted them: their id, and reasons in their answers' words.
    expect(await runsMentioning([mentorId, ...answerWords], tableName)).toEqual([run.id]);
    const runsBefore = await storedRuns(tableName);

    // Its confirmation may be on its way right now (409): erase again when told to.
    let erased = await call(`/admin/submissions/${mentorId}`, admins, { method: 'DELETE' });
    for (let attempt = 0; erased.status === 409 && attempt < 5; attempt++) {
      await new Promise((resolve) =>
        setTimeout(resolve, Number(erased.headers.get('retry-after')) * 1000),
      );
      erased = await call(`/admin/submissions/${mentorId}`, admins, { method: 'DELETE' });
    }
    expect(erased.status).toBe(204);

    expect(await runsMentioning([...theirWords, ...answerWords], tableName)).toEqual([]);
    const shown = (await (
      await call(`/admin/matching/runs/${run.id}`, staff)
    ).json()) as MatchingRun & { names: Record<string, string> };
    expect(shown.pairs).toContainEqual(others);
    expect(shown.pairs.some((pair) => pair.mentorId === mentorId)).toBe(false);
    expect(shown.unmatched).toContainEqual({ menteeId, reason: MENTOR_ERASED_REASON });
    expect(shown.pinned).toEqual([{ mentorId: otherMentorId, menteeId: otherMenteeId }]);
    expect(shown.erasedSinceRun).toBe(1);
    expect(shown.metrics).toEqual(run.metrics);
    expect(shown.names[mentorId]).toBeUndefined();
    // Runs without them were left as they were.
    for (const before of runsBefore.filter((stored) => stored.item.id !== run.id)) {
      expect((await storedRun(String(before.item.id), tableName))?.text).toBe(before.text);
    }
  });

  it(`keeps a run and its register entry ${RUN_LIFETIME_DAYS} days, then DynamoDB's TTL deletes them`, async () => {
    const created = (await (
      await call('/admin/matching/runs', staff, { method: 'POST', body: '{}' })
    ).json()) as MatchingRun;
    const expiresAt = Math.floor(Date.parse(created.createdAt) / 1000) + RUN_LIFETIME_DAYS * 86_400;

    expect((await storedRun(created.id, tableName))?.item.expiresAt).toBe(expiresAt);
    const { Item: entry } = await table.client.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: 'MATCH_RUNS', sk: `RUN#${created.id}` },
        ConsistentRead: true,
      }),
    );
    expect(entry?.expiresAt).toBe(expiresAt);
  });
});

/** Every item of one kind in a table, as DynamoDB Local holds it. */
async function storedItems(tableName: string, entity: string) {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'entity = :entity',
        ExpressionAttributeValues: { ':entity': entity },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

// What Lambda gives each function (infra/constructs/functions.ts); an answer after it is lost.
const FUNCTION_TIMEOUT_MS = 10_000;

describe('approving a run of 500 pairs', () => {
  // The sender is a function of its own when deployed: here the outbox is read instead.
  let own: StaffGateway;
  beforeAll(async () => {
    own = await startStaffGateway({ EMAIL_STREAM: 'off' });
  }, 60_000);
  afterAll(() => own?.gateway.stop());

  it('answers each request in the function’s time with what it settled and what remains, until nothing remains; approving again changes nothing', async () => {
    // One pair after another took about 28 ms each on DynamoDB Local on a quiet machine:
    // 500 pairs are well past the function's 10 s that way.
    const size = 500;
    await seedMatchablePool(own.tableName, { mentors: size, mentees: size });
    const run = (await (
      await own.call('/admin/matching/runs', own.staff, { method: 'POST', body: '{}' })
    ).json()) as MatchingRun;
    expect(run.pairs).toHaveLength(size);
    const approveAll = async () => {
      const started = performance.now();
      const response = await own.call(`/admin/matching/runs/${run.id}/approve`, own.admins, {
        method: 'POST',
        body: '{}',
      });
      const seconds = (performance.now() - started) / 1000;
      return {
        status: response.status,
        seconds,
        report: (await response.json()) as ApprovalReport,
      };
    };

    const first: Record<string, string> = {};
    const rounds: Array<{ status: number; seconds: number; remaining: number }> = [];
    for (let round = 1; round <= 10; round++) {
      const { status, seconds, report } = await approveAll();
      rounds.push({ status, seconds, remaining: report.remaining });
      expect(status).toBe(200);
      expect(seconds * 1000).toBeLessThan(FUNCTION_TIMEOUT_MS);
      // Every pair asked for is either settled by this request or counted as remaining.
      expect(report.outcomes.length + report.remaining).toBe(size);
      for (const pair of report.outcomes) {
        first[`${pair.mentorId}:${pair.menteeId}`] ??= pair.outcome;
      }
      if (report.remaining === 0) break;
    }
    console.info('approving %d pairs, request by request: %j', size, rounds);

    expect(rounds.at(-1)?.remaining).toBe(0);
    expect(Object.keys(first)).toHaveLength(size);
    expect(new Set(Object.values(first))).toEqual(new Set(['approved']));
    const [guards, emails, applications] = await Promise.all([
      storedItems(own.tableName, 'mentee-matched'),
      storedItems(own.tableName, 'email'),
      storedItems(own.tableName, 'application'),
    ]);
    expect(guards).toHaveLength(size);
    expect(emails.filter((email) => String(email.kind).startsWith('introduction:'))).toHaveLength(
      2 * size,
    );
    expect(new Set(applications.map((application) => application.status))).toEqual(
      new Set(['matched']),
    );

    const again = await approveAll();
    expect(again.status).toBe(200);
    expect(again.report.remaining).toBe(0);
    expect(new Set(again.report.outcomes.map((pair) => pair.outcome))).toEqual(
      new Set(['already_approved']),
    );
    const versions = (items: Record<string, unknown>[]) =>
      Object.fromEntries(items.map((item) => [item.id, item.version]));
    expect(versions(await storedItems(own.tableName, 'application'))).toEqual(
      versions(applications),
    );
  }, 180_000);
});

describe('matches changed by two people at once', () => {
  let own: StaffGateway;
  beforeAll(async () => {
    own = await startStaffGateway({ EMAIL_STREAM: 'off' });
  }, 60_000);
  afterAll(() => own?.gateway.stop());

  /** A run with these pairs pinned, approved: each mentee matched with its mentor. */
  async function approvedPairs(pairs: PairKey[]) {
    const run = (await (
      await own.call('/admin/matching/runs', own.staff, {
        method: 'POST',
        body: JSON.stringify({ pinned: pairs }),
      })
    ).json()) as MatchingRun;
    const approved = await own.call(`/admin/matching/runs/${run.id}/approve`, own.admins, {
      method: 'POST',
      body: JSON.stringify({ pairs }),
    });
    expect(
      ((await approved.json()) as ApprovalReport).outcomes.map((pair) => pair.outcome),
    ).toEqual(pairs.map(() => 'approved'));
  }
  const end = (menteeId: string) =>
    own.call(`/admin/matching/matches/${menteeId}/end`, own.admins, {
      method: 'POST',
      body: JSON.stringify({ reason: 'schedule', returnToPool: false }),
    });
  const stored = async (id: string) =>
    (await storedItems(own.tableName, 'application')).find((item) => item.id === id);
  const endings = (item: Record<string, unknown> | undefined) =>
    ((item?.history ?? []) as Submission['history'] & object).filter(
      (entry) => entry.changes.match?.event === 'ended',
    );

  it('ten ends of one match at once: one ends it, the others hear it has no match (never a 500)', async () => {
    // Three matches, each ended ten times at once: thirty requests racing in pairs of reads
    // and conditional writes.
    const { mentorIds, menteeIds } = await seedMatchablePool(own.tableName, {
      mentors: 3,
      mentees: 3,
    });
    const pairs = mentorIds.map((mentorId, index) => ({
      mentorId,
      menteeId: menteeIds[index] as string,
    }));
    await approvedPairs(pairs);

    const responses = await Promise.all(
      pairs.flatMap((pair) => Array.from({ length: 10 }, () => end(pair.menteeId))),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => ![200, 404, 409].includes(status))).toEqual([]);
    for (const [index, pair] of pairs.entries()) {
      const mine = statuses.slice(index * 10, index * 10 + 10);
      expect(mine.filter((status) => status === 200)).toHaveLength(1);
      const [mentor, mentee] = await Promise.all([stored(pair.mentorId), stored(pair.menteeId)]);
      expect(mentor).toMatchObject({ status: 'under_review', matchCount: 0 });
      expect(mentee).toMatchObject({ status: 'under_review' });
      expect(endings(mentor)).toHaveLength(1);
      expect(endings(mentee)).toHaveLength(1);
    }
  });

  it('admins ending several matches of the same mentor at once all succeed', async () => {
    const { mentorIds, menteeIds } = await seedMatchablePool(own.tableName, {
      mentors: 1,
      mentees: 4,
      capacity: 4,
    });
    const mentorId = mentorIds[0] as string;
    await approvedPairs(menteeIds.map((menteeId) => ({ mentorId, menteeId })));
    expect(await stored(mentorId)).toMatchObject({ matchCount: 4 });

    const statuses = (await Promise.all(menteeIds.map(end))).map((response) => response.status);

    expect(statuses).toEqual([200, 200, 200, 200]);
    const mentor = await stored(mentorId);
    expect(mentor).toMatchObject({ status: 'under_review', matchCount: 0 });
    expect(endings(mentor)).toHaveLength(4);
  });

  it('says a mentor who withdrew after the run is no longer in the pool, not that they are full', async () => {
    const { mentorIds, menteeIds } = await seedMatchablePool(own.tableName, {
      mentors: 1,
      mentees: 1,
    });
    const pair = { mentorId: mentorIds[0] as string, menteeId: menteeIds[0] as string };
    const run = (await (
      await own.call('/admin/matching/runs', own.staff, {
        method: 'POST',
        body: JSON.stringify({ pinned: [pair] }),
      })
    ).json()) as MatchingRun;
    const withdrawn = await own.call(`/admin/submissions/${pair.mentorId}`, own.staff, {
      method: 'PATCH',
      headers: { 'if-match': '"2"' },
      body: JSON.stringify({ status: 'withdrawn' }),
    });
    expect(withdrawn.status).toBe(200);

    const approved = await own.call(`/admin/matching/runs/${run.id}/approve`, own.admins, {
      method: 'POST',
      body: JSON.stringify({ pairs: [pair] }),
    });

    const report = (await approved.json()) as ApprovalReport;
    expect(report.outcomes).toEqual([{ ...pair, outcome: 'not_in_pool' }]);
    expect(report.remaining).toBe(0);
    expect(await stored(pair.menteeId)).toMatchObject({ status: 'under_review', version: 2 });
  });
});

describe('POST /admin/matching/matches/{menteeId}/end: ending for a reason, and matching again', () => {
  let own: StaffGateway;
  beforeAll(async () => {
    own = await startStaffGateway({ EMAIL_STREAM: 'off' });
  }, 60_000);
  afterAll(() => own?.gateway.stop());

  const end = (menteeId: string, body: unknown, token = own.admins) =>
    own.call(`/admin/matching/matches/${menteeId}/end`, token, {
      method: 'POST',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const readOwn = async (id: string) =>
    (await (await own.call(`/admin/submissions/${id}`, own.staff)).json()) as Submission;
  const newRun = async (pinned: PairKey[] = []) => {
    const response = await own.call('/admin/matching/runs', own.staff, {
      method: 'POST',
      body: JSON.stringify({ pinned }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as MatchingRun;
  };
  const approve = async (runId: string, pairs: PairKey[]) => {
    const response = await own.call(`/admin/matching/runs/${runId}/approve`, own.admins, {
      method: 'POST',
      body: JSON.stringify({ pairs }),
    });
    return ((await response.json()) as ApprovalReport).outcomes.map((pair) => pair.outcome);
  };

  // The mentee and the best mentor share the specialty, both goals, the region, Armenian and
  // the meeting preference (100 points); the plain mentor shares only the must-criteria.
  const menteeProfile = {
    careerStage: 'medical_student',
    languages: ['english', 'armenian'],
    meetingPreference: 'virtual',
    region: 'west',
    specialtyInterests: ['pediatrics'],
    goals: ['career_planning', 'specialty_choice'],
  };
  const mentorProfile = {
    capacity: 1,
    menteeStages: ['medical_student'],
    mentoringAreas: ['career_planning', 'specialty_choice'],
  };
  let bestId: string;
  let plainId: string;
  let menteeId: string;
  let firstRun: MatchingRun;

  it('refuses staff who are not admins (403), and a body without a reason, naming each field (400)', async () => {
    const { mentorIds, menteeIds } = await seedPool(own.tableName, {
      mentors: [
        {
          id: 'best',
          name: 'Best',
          ...mentorProfile,
          languages: ['english', 'armenian'],
          meetingPreference: 'virtual',
          region: 'west',
          specialty: 'pediatrics',
        },
        {
          id: 'plain',
          name: 'Plain',
          ...mentorProfile,
          languages: ['english'],
          meetingPreference: 'either',
          region: 'south_bay',
          specialty: 'general_surgery',
          mentoringAreas: ['leadership'],
        },
      ],
      mentees: [{ id: 'mentee', name: 'Mentee', ...menteeProfile }],
    });
    [bestId, plainId] = mentorIds as [string, string];
    menteeId = menteeIds[0] as string;
    firstRun = await newRun();
    expect(firstRun.pairs).toEqual([
      expect.objectContaining({ mentorId: bestId, menteeId, score: 100 }),
    ]);
    expect(await approve(firstRun.id, [{ mentorId: bestId, menteeId }])).toEqual(['approved']);

    const byStaff = await end(menteeId, { reason: 'fit', returnToPool: true }, own.staff);
    const bare = await end(menteeId, undefined);
    const noteWithFit = await end(menteeId, { reason: 'fit', note: 'Clash', returnToPool: true });

    expect(byStaff.status).toBe(403);
    expect(bare.status).toBe(400);
    expect(await bare.json()).toEqual({
      error: 'validation_failed',
      message: 'The request has 2 problems; correct them and send the request again.',
      issues: [
        { path: 'reason', message: 'reason is required.' },
        { path: 'returnToPool', message: 'returnToPool is required.' },
      ],
    });
    expect(noteWithFit.status).toBe(400);
    expect((await noteWithFit.json()).issues).toEqual([
      {
        path: 'note',
        message: 'note goes with reason other only: choose other, or leave note out.',
      },
    ]);
    // Nothing was ended by the refused requests.
    expect((await readOwn(menteeId)).status).toBe('matched');
  });

  it('returns the mentee to the pool with priority, the mentor left out for them, the reason in both histories', async () => {
    const ended = await end(menteeId, { reason: 'schedule', returnToPool: true });

    expect(ended.status).toBe(200);
    expect(await ended.json()).toEqual({
      menteeId,
      mentorId: bestId,
      reason: 'schedule',
      returnedToPool: true,
      mentorExcluded: true,
      mentorStatus: 'under_review',
    });
    const [mentee, mentor] = await Promise.all([readOwn(menteeId), readOwn(bestId)]);
    expect(mentee).toMatchObject({
      status: 'under_review',
      priority: true,
      excludedMentors: [{ mentorId: bestId, reason: 'schedule', endedAt: expect.any(String) }],
    });
    expect(mentee.matches).toBeUndefined();
    expect(mentee.history?.at(-1)).toMatchObject({
      by: { sub: 'ada', email: 'ada@ladocs.example' },
      changes: {
        status: { from: 'matched', to: 'under_review' },
        match: { event: 'ended', with: bestId, reason: 'schedule', excluded: true, priority: true },
      },
    });
    expect(mentor).toMatchObject({ status: 'under_review' });
    expect(mentor.priority).toBeUndefined();
    expect(mentor.history?.at(-1)?.changes).toEqual({
      status: { from: 'matched', to: 'under_review' },
      match: { event: 'ended', with: menteeId, reason: 'schedule', excluded: true },
    });
  });

  it('a new run never pairs them again, though theirs would still be the best pair: the mentee goes first with another mentor', async () => {
    const run = await newRun();

    expect(run.pairs.map((pair) => [pair.mentorId, pair.menteeId])).toEqual([[plainId, menteeId]]);
    expect(run.metrics).toMatchObject({ priorityMentees: 1, priorityMatched: 1 });
    const candidates = (await (
      await own.call(`/admin/matching/candidates?menteeId=${menteeId}`, own.staff)
    ).json()) as { candidates: Array<{ mentorId: string; eligible: boolean; score: number }> };
    expect(candidates.candidates).toContainEqual(
      expect.objectContaining({
        mentorId: bestId,
        eligible: false,
        score: 100,
        ruledOutBecause:
          'Staff ended their match (schedule conflicts), so this mentor is left out for this mentee',
      }),
    );
    const pinned = await own.call('/admin/matching/runs', own.staff, {
      method: 'POST',
      body: JSON.stringify({ pinned: [{ mentorId: bestId, menteeId }] }),
    });
    expect(pinned.status).toBe(400);
    expect((await pinned.json()).message).toMatch(
      /cannot be pinned to .*: Staff ended their match/,
    );
    // The run from before the ending still holds the pair: approving it is refused.
    expect(await approve(firstRun.id, [{ mentorId: bestId, menteeId }])).toEqual(['excluded']);
    expect((await readOwn(menteeId)).status).toBe('under_review');
  });

  it('a mentor with two mentees stays matched when one match ends, and goes back to review with the second', async () => {
    const { mentorIds, menteeIds } = await seedPool(own.tableName, {
      mentors: [
        {
          id: 'two',
          name: 'Two',
          ...mentorProfile,
          capacity: 2,
          languages: ['english'],
          meetingPreference: 'either',
          region: 'east',
          specialty: 'pediatrics',
        },
      ],
      mentees: [
        { id: 'first', name: 'First', ...menteeProfile },
        { id: 'second', name: 'Second', ...menteeProfile },
      ],
    });
    const mentorId = mentorIds[0] as string;
    const [first, second] = menteeIds as [string, string];
    const pairs = [first, second].map((mentee) => ({ mentorId, menteeId: mentee }));
    const run = await newRun(pairs);
    expect(await approve(run.id, pairs)).toEqual(['approved', 'approved']);

    const firstEnded = await end(first, { reason: 'fit', returnToPool: false });

    expect(await firstEnded.json()).toMatchObject({
      mentorExcluded: true,
      returnedToPool: false,
      mentorStatus: 'matched',
    });
    const [mentor, firstMentee] = await Promise.all([readOwn(mentorId), readOwn(first)]);
    expect(mentor.status).toBe('matched');
    expect(mentor.matches?.map((match) => match.withId)).toEqual([second]);
    expect(mentor.history?.at(-1)?.changes).toEqual({
      match: { event: 'ended', with: first, reason: 'fit', excluded: true },
    });
    expect(firstMentee.status).toBe('under_review');
    expect(firstMentee.priority).toBeUndefined();
    expect(firstMentee.excludedMentors).toEqual([
      { mentorId, reason: 'fit', endedAt: expect.any(String) },
    ]);

    const secondEnded = await end(second, {
      reason: 'other',
      note: 'The mentee moved to Boston',
      returnToPool: true,
    });

    expect(await secondEnded.json()).toMatchObject({ mentorStatus: 'under_review' });
    const [after, secondMentee] = await Promise.all([readOwn(mentorId), readOwn(second)]);
    expect(after.status).toBe('under_review');
    expect(after.history?.at(-1)).toMatchObject({
      changes: {
        status: { from: 'matched', to: 'under_review' },
        match: { event: 'ended', with: second, reason: 'other', excluded: true },
      },
      note: 'The mentee moved to Boston',
    });
    expect(secondMentee).toMatchObject({ status: 'under_review', priority: true });
    expect(secondMentee.history?.at(-1)?.note).toBe('The mentee moved to Boston');
  });
});
