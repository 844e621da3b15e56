import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayProcess } from '../../infra/local/gateway-process.js';
import { loadOrCreateIssuer, mintLocalToken } from '../../infra/local/local-issuer.js';
import { itemKeys } from '../../shared/applications/store/application-item.js';
import { documentClientOver } from '../../shared/platform/aws/clients.js';
import { uniqueEmail } from '../support/builders.js';
import { dynamoDbClient, startGatewayOnOwnTable } from '../support/in-process-intake.js';
import { emailsTo, eventually } from '../support/local-aws.js';
import { adminCaller, matchedPair, runCheckInScheduler } from '../support/matched-pair.js';

// A gateway and table of their own, the stream driving the sender: the check-ins the
// scheduler queues (run here with its clock set) reach the local inbox as deployed.
let gateway: GatewayProcess;
let tableName: string;
let admins: string;
const documents = () => documentClientOver(dynamoDbClient());

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'check-ins-'));
  ({ gateway, tableName } = await startGatewayOnOwnTable({ DATA_DIR: dataDir }));
  admins = await mintLocalToken(await loadOrCreateIssuer(dataDir), {
    sub: 'ada',
    email: 'ada@ladocs.example',
    groups: ['admins'],
  });
}, 60_000);
afterAll(() => gateway?.stop());

const admin = (path: string, method = 'GET', body?: unknown, version?: number) =>
  adminCaller(gateway.url, admins)(path, method, body, version);
const runScheduler = (approvedAt: string, days: number) =>
  runCheckInScheduler(tableName, approvedAt, days);

const checkInsTo = async (address: string, reminder = false) =>
  (await emailsTo(address)).filter((email) =>
    reminder
      ? email.subject.includes('a reminder')
      : email.subject.endsWith('how is your mentoring going?') &&
        !email.subject.includes('reminder'),
  );
const linkIn = (text: string | undefined) =>
  /https?:\/\/\S+\/check-in\?token=\S+/.exec(text ?? '')?.[0] as string;
const answerCheckIn = (token: string, fields: Record<string, string>) =>
  fetch(`${gateway.url}/check-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams({ token, ...fields }).toString(),
    redirect: 'manual',
  });

describe('check-ins after the introduction, on DynamoDB Local and the local inbox', () => {
  const menteeEmail = uniqueEmail('checkin-mentee');
  const mentorEmail = uniqueEmail('checkin-mentor');
  let mentee: { id: string };
  let approvedAt: string;
  let menteeToken: string;

  beforeAll(async () => {
    const pair = await matchedPair(gateway.url, tableName, admins, {
      mentor: mentorEmail,
      mentee: menteeEmail,
    });
    mentee = { id: pair.menteeId };
    approvedAt = pair.approvedAt;
  }, 60_000);

  it('sends nothing before day 30, then each side one check-in however often it runs', async () => {
    expect(await runScheduler(approvedAt, 29)).toEqual({ matches: 1, queued: 0 });
    expect(await runScheduler(approvedAt, 31)).toEqual({ matches: 1, queued: 2 });
    expect(await runScheduler(approvedAt, 31)).toEqual({ matches: 1, queued: 0 });

    const [toMentee] = await eventually(
      () => checkInsTo(menteeEmail),
      (found) => found.length > 0,
    );
    await eventually(
      () => checkInsTo(mentorEmail),
      (found) => found.length > 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await checkInsTo(menteeEmail)).toHaveLength(1);
    expect(await checkInsTo(mentorEmail)).toHaveLength(1);
    menteeToken = String(new URL(linkIn(toMentee?.body.text)).searchParams.get('token'));
    expect(toMentee?.body.html).toContain(`href="${linkIn(toMentee?.body.text)}"`);
  });

  it('opens a short form, refuses a half answer per field, saves one and lets it be changed', async () => {
    const page = await fetch(`${gateway.url}/check-in?token=${encodeURIComponent(menteeToken)}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const form = await page.text();
    for (const question of [
      'Have you met?',
      'If you have met, how many times?',
      'How is it going?',
      'Would you like program staff to contact you?',
    ]) {
      expect(form).toContain(question);
    }

    const half = await answerCheckIn(menteeToken, { met: 'yes', rating: '4', contactStaff: 'no' });
    expect(half.status).toBe(400);
    expect(await half.text()).toMatch(
      /id="error-meetings">Say how many times you have met: a number from 1 to 99\./,
    );
    const stored = () =>
      documents().send(
        new GetCommand({
          TableName: tableName,
          Key: itemKeys.checkInAnswer(mentee.id, menteeToken.split('.')[1] as string, 1),
        }),
      );
    expect((await stored()).Item).toBeUndefined();

    const first = await answerCheckIn(menteeToken, {
      met: 'yes',
      meetings: '2',
      rating: '4',
      contactStaff: 'no',
      note: 'Going <well>.',
    });
    expect(first.status).toBe(303);
    const saved = await (await fetch(`${gateway.url}${first.headers.get('location')}`)).text();
    expect(saved).toContain('Thank you: your answers are saved.');
    expect(saved).toContain('Going &lt;well>.');
    const changed = await answerCheckIn(menteeToken, {
      met: 'yes',
      meetings: '3',
      rating: '2',
      contactStaff: 'yes',
    });
    expect(changed.status).toBe(303);
    expect((await stored()).Item).toMatchObject({
      met: true,
      meetings: 3,
      rating: 2,
      contactStaff: true,
    });
    expect((await stored()).Item?.note).toBeUndefined();
  });

  it('reminds, a week on, only the side that has not answered, once', async () => {
    expect(await runScheduler(approvedAt, 36)).toEqual({ matches: 1, queued: 0 });
    expect(await runScheduler(approvedAt, 38)).toEqual({ matches: 1, queued: 1 });
    expect(await runScheduler(approvedAt, 39)).toEqual({ matches: 1, queued: 0 });
    await eventually(
      () => checkInsTo(mentorEmail, true),
      (found) => found.length > 0,
    );
    expect(await checkInsTo(mentorEmail, true)).toHaveLength(1);
    expect(await checkInsTo(menteeEmail, true)).toHaveLength(0);
  });

  it('lists the match with its flags from the answers, until staff record a follow-up', async () => {
    type Listed = {
      matches: Array<{
        matchId: string;
        flags: string[];
        checkIns: unknown[];
        followUps: unknown[];
      }>;
    };
    const before = (await admin('/admin/matches')) as Listed;
    const listed = before.matches.find((each) => each.matchId === menteeToken.split('.')[1]);
    // The mentee's last answer: rated 2, and asked staff to get in touch.
    expect(listed?.flags).toEqual(['contact_requested', 'low_rating']);
    const refused = await fetch(`${gateway.url}/admin/matches/${mentee.id}/follow-ups`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admins}`, 'content-type': 'application/json' },
      body: JSON.stringify({ matchId: listed?.matchId, note: '  ' }),
    });
    expect(refused.status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await admin(`/admin/matches/${mentee.id}/follow-ups`, 'POST', {
      matchId: listed?.matchId,
      note: 'Called the mentee; all fine.',
    });
    const after = (await admin('/admin/matches')) as Listed;
    const followedUp = after.matches.find((each) => each.matchId === listed?.matchId);
    expect(followedUp?.flags).toEqual([]);
    expect(followedUp?.followUps).toEqual([
      expect.objectContaining({ note: 'Called the mentee; all fine.', by: 'ada@ladocs.example' }),
    ]);
  });

  it('asks an ended match nothing more, and its link says the match has ended', async () => {
    await admin(`/admin/matching/matches/${mentee.id}/end`, 'POST', {
      reason: 'schedule',
      returnToPool: false,
    });
    expect(await runScheduler(approvedAt, 91)).toEqual({ matches: 0, queued: 0 });
    const page = await fetch(`${gateway.url}/check-in?token=${encodeURIComponent(menteeToken)}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This match has ended');
  });

  it('erases a person’s answers with their application', async () => {
    const matchId = menteeToken.split('.')[1] as string;
    await admin(`/admin/submissions/${mentee.id}`, 'DELETE');
    const { Item } = await documents().send(
      new GetCommand({ TableName: tableName, Key: itemKeys.checkInAnswer(mentee.id, matchId, 1) }),
    );
    expect(Item).toBeUndefined();
  });
});
