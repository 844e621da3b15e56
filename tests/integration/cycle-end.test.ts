import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCycleCompletionHandler } from '../../functions/complete-cycles/create-handler.js';
import { lambdaContext } from '../../infra/local/gateway.js';
import type { GatewayProcess } from '../../infra/local/gateway-process.js';
import { type Cycle, cycleEndsAt } from '../../shared/applications/cycles.js';
import { signEvaluationLink } from '../../shared/applications/evaluation-link.js';
import { checkInEmail } from '../../shared/applications/outbox.js';
import {
  emailItem,
  itemKeys,
  matchingKeys,
} from '../../shared/applications/store/application-item.js';
import { DynamoDbCycleCalendar } from '../../shared/applications/store/cycle-calendar.js';
import { DynamoDbCycleCompletion, type OutcomesReport } from '../../shared/outcomes/index.js';
import { documentClientOver } from '../../shared/platform/aws/clients.js';
import { toLosAngelesWallTime } from '../../shared/platform/text/los-angeles-time.js';
import { uniqueEmail } from '../support/builders.js';
import { dynamoDbClient, startGatewayWithAdmin } from '../support/in-process-intake.js';
import { emailsTo, eventually } from '../support/local-aws.js';
import { adminCaller, matchedPair, runCheckInScheduler } from '../support/matched-pair.js';
import { pdfText } from '../support/pdf-text.js';
import { tableReads } from '../support/table-reads.js';

// A gateway and table of their own (its cycle would close other tests' forms), the stream
// driving the sender: completion (run here as its hourly rule runs it, with its clock set)
// asks each person for an evaluation through the outbox, into the local inbox.
let gateway: GatewayProcess;
let tableName: string;
let admins: string;
let linkKey: string;
const documents = () => documentClientOver(dynamoDbClient());
const DAY = 86_400_000;

beforeAll(async () => {
  let dataDir: string;
  ({ gateway, tableName, admins, dataDir } = await startGatewayWithAdmin('cycle-end'));
  linkKey = (await readFile(join(dataDir, 'applicant-link.key'), 'utf8')).trim();
}, 60_000);
afterAll(() => gateway?.stop());

const admin = (path: string, method = 'GET', body?: unknown) =>
  adminCaller(gateway.url, admins)(path, method, body);
const status = (path: string, method: string) =>
  fetch(`${gateway.url}${path}`, { method, headers: { authorization: `Bearer ${admins}` } });
const runCompletion = (at: Date) =>
  createCycleCompletionHandler({
    calendar: new DynamoDbCycleCalendar(documents(), tableName),
    completion: new DynamoDbCycleCompletion(documents(), tableName),
    now: () => at,
  })({} as never, lambdaContext('complete-cycles'));
const application = (id: string) => tableReads(tableName).application(id);
const partition = (id: string) => tableReads(tableName).partition(id);
const evaluationsTo = async (address: string) =>
  (await emailsTo(address)).filter((email) => email.subject.endsWith('how was your year?'));
const tokenIn = (text: string | undefined, path: string) =>
  new URL(
    new RegExp(`https?://\\S+/${path}\\?token=\\S+`).exec(text ?? '')?.[0] as string,
  ).searchParams.get('token') as string;
const post = (path: string, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const each of [value].flat()) body.append(name, each);
  }
  return fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: body.toString(),
    redirect: 'manual',
  });
};

describe('the end of a cycle, on DynamoDB Local and the local inbox', () => {
  const emails = {
    mentor: uniqueEmail('end-mentor'),
    mentee: uniqueEmail('end-mentee'),
    earlyMentor: uniqueEmail('early-mentor'),
    earlyMentee: uniqueEmail('early-mentee'),
  };
  let cycle: Cycle;
  let kept: { mentorId: string; menteeId: string; approvedAt: string };
  let early: { mentorId: string; menteeId: string };
  let endsAt: Date;
  let menteeToken: string;
  let mentorToken: string;

  beforeAll(async () => {
    const now = Date.now();
    const day = (offset: number) => new Date(now + offset * DAY).toISOString().slice(0, 10);
    cycle = (await admin('/admin/cycles', 'POST', {
      name: '2027 Mentoring Program',
      opensAt: toLosAngelesWallTime(new Date(now - DAY).toISOString()),
      closesAt: toLosAngelesWallTime(new Date(now + DAY).toISOString()),
      startsOn: day(2),
      endsOn: day(120),
    })) as Cycle;
    kept = await matchedPair(gateway.url, tableName, admins, {
      mentor: emails.mentor,
      mentee: emails.mentee,
    });
    early = await matchedPair(gateway.url, tableName, admins, {
      mentor: emails.earlyMentor,
      mentee: emails.earlyMentee,
    });
    // Midnight after the last day, in Los Angeles.
    endsAt = cycleEndsAt(cycle) as Date;
    expect(toLosAngelesWallTime(endsAt.toISOString())).toBe(`${day(121)}T00:00`);
    // A check-in each side answers (the kept pair), and an ending before the end date.
    await runCheckInScheduler(tableName, kept.approvedAt, 31);
    for (const [address, answer] of [
      [emails.mentee, { met: 'yes', meetings: '2', rating: '4', contactStaff: 'no' }],
      [emails.mentor, { met: 'yes', meetings: '3', rating: '5', contactStaff: 'no' }],
    ] as const) {
      const [checkIn] = await eventually(
        async () => (await emailsTo(address)).filter((email) => email.subject.endsWith('going?')),
        (found) => found.length > 0,
      );
      const answered = await post('/check-in', {
        token: tokenIn(checkIn?.body.text, 'check-in'),
        ...answer,
      });
      expect(answered.status).toBe(303);
    }
    await admin(`/admin/matching/matches/${early.menteeId}/end`, 'POST', {
      reason: 'schedule',
      returnToPool: false,
    });
  }, 120_000);

  it('does not let staff complete a cycle whose applications are still open', async () => {
    const refused = await status(`/admin/cycles/${cycle.id}/completion`, 'POST');
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: 'applications_open' });
    expect((await application(kept.menteeId))?.status).toBe('matched');
  });

  it('completes the matches in place at the end date, once, and asks each person once', async () => {
    expect(await runCompletion(new Date(endsAt.getTime() - 60 * 60 * 1000))).toEqual([]);
    expect(await runCompletion(new Date(endsAt.getTime() + 60_000))).toEqual([
      expect.objectContaining({ cycleId: cycle.id, matches: 1, evaluations: 2, skipped: 0 }),
    ]);
    // The cycle is recorded completed: the next hourly run changes nothing.
    expect(await runCompletion(new Date(endsAt.getTime() + 2 * 60 * 60 * 1000))).toEqual([]);

    const [mentee, mentor] = [await application(kept.menteeId), await application(kept.mentorId)];
    expect(mentee).toMatchObject({ status: 'completed', version: expect.any(Number) });
    expect(mentor).toMatchObject({ status: 'completed', matchCount: 0 });
    expect(mentee?.history.at(-1)).toMatchObject({
      by: { sub: 'cycle-end' },
      changes: {
        status: { from: 'matched', to: 'completed' },
        match: { event: 'completed', with: kept.mentorId },
      },
    });
    // The match stays on both sides, completed; the mentee's guard is gone.
    for (const [id, other] of [
      [kept.menteeId, kept.mentorId],
      [kept.mentorId, kept.menteeId],
    ] as const) {
      const view = (await partition(id)).find(
        (item) => item.sk === matchingKeys.matchView(id, other).sk,
      );
      expect(view?.completedAt).toBe(new Date(endsAt.getTime() + 60_000).toISOString());
    }
    const { Item: guard } = await documents().send(
      new GetCommand({ TableName: tableName, Key: matchingKeys.menteeMatched(kept.menteeId) }),
    );
    expect(guard).toBeUndefined();
    // The match that ended early is untouched, and its people are not asked.
    expect((await application(early.menteeId))?.status).toBe('under_review');

    const [toMentee] = await eventually(
      () => evaluationsTo(emails.mentee),
      (found) => found.length > 0,
    );
    const [toMentor] = await eventually(
      () => evaluationsTo(emails.mentor),
      (found) => found.length > 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await evaluationsTo(emails.mentee)).toHaveLength(1);
    expect(await evaluationsTo(emails.mentor)).toHaveLength(1);
    expect(await evaluationsTo(emails.earlyMentee)).toHaveLength(0);
    expect(toMentee?.body.text).toContain('2027 Mentoring Program has ended');
    menteeToken = tokenIn(toMentee?.body.text, 'evaluation');
    mentorToken = tokenIn(toMentor?.body.text, 'evaluation');

    // Completing by hand afterwards says it is done already.
    expect((await status(`/admin/cycles/${cycle.id}/completion`, 'POST')).status).toBe(409);
    const listed = (await admin('/admin/cycles')) as { cycles: Cycle[] } | Cycle[];
    const cycles = Array.isArray(listed) ? listed : listed.cycles;
    expect(cycles.find((each) => each.id === cycle.id)?.completedAt).toBeDefined();
  });

  it('takes an evaluation from the link: per-field problems first, then saved and changeable', async () => {
    const page = await fetch(`${gateway.url}/evaluation?token=${encodeURIComponent(menteeToken)}`);
    expect(page.status).toBe(200);
    const form = await page.text();
    for (const question of [
      'Would you take part again?',
      'What did you gain?',
      'Would you recommend your mentor to another mentee?',
    ]) {
      expect(form).toContain(question);
    }
    expect(form).not.toContain('letter of recognition');

    const half = await post('/evaluation', { token: menteeToken, gained: ['career_guidance'] });
    expect(half.status).toBe(400);
    const problems = await half.text();
    expect(problems).toContain('id="error-takePartAgain">Say whether you would take part again.');
    expect(problems).toContain(
      'id="error-recommendMentor">Say whether you would recommend your mentor.',
    );
    expect(problems).toMatch(/value="career_guidance"[^>]* checked/);
    const stored = async (id: string) =>
      (await partition(id)).find((item) => item.sk === 'EVALUATION');
    expect(await stored(kept.menteeId)).toBeUndefined();

    const saved = await post('/evaluation', {
      token: menteeToken,
      takePartAgain: 'yes',
      gained: ['career_guidance', 'connections'],
      note: 'More <evenings>, please.',
      recommendMentor: 'yes',
    });
    expect(saved.status).toBe(303);
    const thanks = await (await fetch(`${gateway.url}${saved.headers.get('location')}`)).text();
    expect(thanks).toContain('Thank you: your answers are saved.');
    expect(thanks).toContain('More &lt;evenings>, please.');
    expect(await stored(kept.menteeId)).toMatchObject({
      role: 'mentee',
      takePartAgain: 'yes',
      gained: ['career_guidance', 'connections'],
      recommendMentor: true,
    });

    const mentorPage = await (
      await fetch(`${gateway.url}/evaluation?token=${encodeURIComponent(mentorToken)}`)
    ).text();
    expect(mentorPage).toContain('May we email you a letter of recognition from the association?');
    expect(mentorPage).not.toContain('recommend your mentor');
    const mentorSaved = await post('/evaluation', {
      token: mentorToken,
      takePartAgain: 'maybe',
      gained: 'giving_back',
      letterByEmail: 'yes',
    });
    expect(mentorSaved.status).toBe(303);
    // The same link again changes the answer; it never makes a second one.
    const changed = await post('/evaluation', {
      token: mentorToken,
      takePartAgain: 'yes',
      gained: 'giving_back',
      letterByEmail: 'yes',
    });
    expect(changed.status).toBe(303);
    const mentorItems = (await partition(kept.mentorId)).filter((item) => item.sk === 'EVALUATION');
    expect(mentorItems).toEqual([
      expect.objectContaining({ role: 'mentor', takePartAgain: 'yes', letterByEmail: true }),
    ]);
  });

  it('refuses a forged, cut or expired evaluation link, and one for someone who did not complete', async () => {
    const last = menteeToken.at(-1) === 'A' ? 'B' : 'A';
    const forged = `${menteeToken.slice(0, -1)}${last}`;
    expect((await fetch(`${gateway.url}/evaluation?token=${forged}`)).status).toBe(403);
    expect(
      (await fetch(`${gateway.url}/evaluation?token=${menteeToken.slice(0, 20)}`)).status,
    ).toBe(400);
    const expired = signEvaluationLink(linkKey, {
      applicationId: kept.menteeId,
      cycleId: cycle.id,
      expiresAt: new Date(Date.now() - 1000),
    });
    const closed = await fetch(`${gateway.url}/evaluation?token=${expired}`);
    expect(closed.status).toBe(410);
    expect(await closed.text()).toContain('This evaluation has closed');
    const notCompleted = signEvaluationLink(linkKey, {
      applicationId: early.menteeId,
      cycleId: cycle.id,
      expiresAt: new Date(Date.now() + DAY),
    });
    const gone = await post('/evaluation', {
      token: notCompleted,
      takePartAgain: 'yes',
      recommendMentor: 'yes',
    });
    expect(gone.status).toBe(410);
    expect((await partition(early.menteeId)).some((item) => item.sk === 'EVALUATION')).toBe(false);
  });

  it('reports the outcomes as the table holds them, as JSON and as CSV', async () => {
    const report = (await admin(`/admin/outcomes?cycle=${cycle.id}`)) as OutcomesReport;
    expect(report.cycle).toMatchObject({ id: cycle.id, name: cycle.name });
    expect(report.matches).toMatchObject({ made: 2, inPlace: 0, completed: 1, endedEarly: 1 });
    expect(report.matches.endedEarlyBy.find((each) => each.cause === 'schedule')?.matches).toBe(1);
    // Both pairs were asked (the early one before it ended); the kept pair answered.
    expect(report.checkIns).toEqual([{ number: 1, asked: 4, answered: 2, responseRate: 0.5 }]);
    expect(report.ratings).toEqual([
      { number: 1, mentees: { answers: 1, average: 4 }, mentors: { answers: 1, average: 5 } },
    ]);
    expect(report.mentorMeetings).toEqual([
      expect.objectContaining({ mentorId: kept.mentorId, mentees: 1, meetings: 3 }),
    ]);
    expect(report.evaluations).toMatchObject({
      asked: 2,
      answered: 2,
      responseRate: 1,
      recommendMentor: { yes: 1, no: 0 },
    });
    expect(report.evaluations.takePartAgain).toEqual([
      { answer: 'yes', label: 'Yes', people: 2 },
      { answer: 'maybe', label: 'Maybe', people: 0 },
      { answer: 'no', label: 'No', people: 0 },
    ]);

    // The same figures from the table itself: every item of the cycle's people.
    const people = [kept.menteeId, kept.mentorId, early.menteeId, early.mentorId];
    const items = (await Promise.all(people.map(partition))).flat();
    const checkInAnswers = items.filter((item) => String(item.sk).startsWith('CHECKIN#'));
    expect(checkInAnswers).toHaveLength(report.checkIns[0]?.answered as number);
    expect(items.filter((item) => item.sk === 'EVALUATION')).toHaveLength(
      report.evaluations.answered,
    );
    expect(items.filter((item) => String(item.sk).startsWith('EMAIL#evaluation:'))).toHaveLength(
      report.evaluations.asked,
    );

    const csv = await fetch(`${gateway.url}/admin/outcomes.csv?cycle=${cycle.id}`, {
      headers: { authorization: `Bearer ${admins}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = await csv.text();
    expect(text).toContain('matches,completed,1,,\r\n');
    expect(text).toContain('ended early,Schedule conflicts,1,1,100%\r\n');
    expect(text).toContain('check-in responses,check-in 1,2,4,50%\r\n');
  });

  it('lets an admin issue the completed mentor their letter, emailed as they consented', async () => {
    const listed = (await admin(`/admin/cycles/${cycle.id}/letters`)) as {
      mentors: Array<{ mentorId: string; facts: { mentees: number; meetings: number } }>;
    };
    expect(listed.mentors).toEqual([
      expect.objectContaining({
        mentorId: kept.mentorId,
        facts: expect.objectContaining({ mentees: 1, meetings: 3 }),
        consentsToEmail: true,
      }),
    ]);
    const issued = await admin(`/admin/cycles/${cycle.id}/letters`, 'POST', {
      mentorIds: [kept.mentorId, early.mentorId],
    });
    expect(issued).toMatchObject({
      results: [
        { id: kept.mentorId, outcome: 'issued', emailed: true },
        { id: early.mentorId, outcome: 'not_eligible' },
      ],
    });
    const [letter] = await eventually(
      async () =>
        (await emailsTo(emails.mentor)).filter((email) =>
          email.subject.includes('letter of recognition'),
        ),
      (found) => found.length > 0,
    );
    const text = (await pdfText(Buffer.from(letter?.attachments?.[0]?.content ?? '', 'base64')))
      .text;
    expect(text).toContain('2027 Mentoring Program');
    expect(text).toContain('reported 3 meetings');
  });

  it('erases a person’s evaluation, answers, completed match and every email of theirs with their application', async () => {
    const before = (await partition(kept.menteeId)).map((item) => String(item.sk));
    // Sent emails whose facts name the person's match and cycle (the evaluation's among them).
    expect(before).toEqual(expect.arrayContaining([`EMAIL#evaluation:${cycle.id}`]));
    expect(before.filter((sk) => sk.startsWith('EMAIL#')).length).toBeGreaterThan(2);

    await admin(`/admin/submissions/${kept.menteeId}`, 'DELETE');

    const left = (await partition(kept.menteeId)).map((item) => String(item.sk));
    expect(left.filter((sk) => /^(EVALUATION|CHECKIN#|MATCH#|FOLLOWUP#)/.test(sk))).toEqual([]);
    // Only the notice to staff of the deletion stays beside the tombstone.
    expect(left.filter((sk) => sk.startsWith('EMAIL#'))).toEqual(
      left.filter((sk) => /^EMAIL#(deletionNotice|withdrawalNotice)$/.test(sk)),
    );
    expect((await application(kept.menteeId))?.status).toBe('erased');
    // The mentor keeps their own record of having completed a match (an id, no name).
    const mentorView = (await partition(kept.mentorId)).find(
      (item) => item.sk === matchingKeys.matchView(kept.mentorId, kept.menteeId).sk,
    );
    expect(mentorView?.completedAt).toBeDefined();
    const report = (await admin(`/admin/outcomes?cycle=${cycle.id}`)) as OutcomesReport;
    expect(report.evaluations.answered).toBe(1);
  });

  it('erases someone whose long years left more emails and answers than one transaction can hold', async () => {
    // A monthly check-in schedule over years of matches: 120 sent check-in emails…
    const sent = Array.from({ length: 120 }, (_, index) => ({
      ...checkInEmail(
        early.mentorId,
        {
          matchId: `01JOLDMATCH${String(index).padStart(15, '0')}`,
          withId: early.menteeId,
          number: 1,
          of: 12,
          dueAt: new Date(Date.now() - 400 * DAY).toISOString(),
          answerableUntil: new Date(Date.now() - 370 * DAY).toISOString(),
          reminder: false,
        },
        new Date(Date.now() - 400 * DAY),
      ),
      state: 'sent' as const,
      messageId: `old-${index}`,
    }));
    // …and 110 answers to check-ins of those years (an answer's facts; the keys are the point).
    const answered = sent.slice(0, 110).map((email) => ({
      ...itemKeys.checkInAnswer(early.mentorId, String(email.checkIn?.matchId), 1),
      entity: 'check-in-answer',
      met: 'yes',
    }));
    const items = [...sent.map(emailItem), ...answered];
    for (let start = 0; start < items.length; start += 25) {
      await documents().send(
        new BatchWriteCommand({
          RequestItems: {
            [tableName]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })),
          },
        }),
      );
    }

    const erased = await status(`/admin/submissions/${early.mentorId}`, 'DELETE');

    expect(erased.status).toBeLessThan(300);
    expect((await application(early.mentorId))?.status).toBe('erased');
    const left = (await partition(early.mentorId)).map((item) => String(item.sk));
    expect(left.filter((sk) => /^(EMAIL#checkIn|CHECKIN#)/.test(sk))).toEqual([]);
  });
});
