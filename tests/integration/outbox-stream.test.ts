import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayProcess } from '../../infra/local/gateway-process.js';
import type { MatchingRun } from '../../shared/matching/matching-ports.js';
import { aMenteeApplication, aMentorApplication, uniqueEmail } from '../support/builders.js';
import { emailsTo, eventually, storedEmail, table, waitForEmails } from '../support/local-aws.js';
import { type StaffGateway, startStaffGateway } from '../support/staff-gateway.js';

// A gateway of its own that plays the stream's event source mapping (the real poller and
// the send-emails handler) and runs no sweeper: whatever arrives here came through the stream.
const staffAddress = uniqueEmail('outbox-staff');
let own: StaffGateway;
let gateway: GatewayProcess;
let tableName: string;

beforeAll(async () => {
  own = await startStaffGateway({ STAFF_EMAIL: staffAddress });
  ({ gateway, tableName } = own);
}, 60_000);
afterAll(() => own?.gateway.stop());

const admin = (path: string, init: RequestInit = {}) => own.call(path, own.admins, init);
const applyInReview = (type: 'mentor' | 'mentee', application: Record<string, unknown>) =>
  own.applyInReview(type, application);

const introductionsTo = async (address: string) =>
  (await emailsTo(address)).filter((email) => /meet your (mentor|mentee)/.test(email.subject));

describe('every email that becomes pending reaches the stream sender', () => {
  it('a pair matched again after its match ended is introduced again, by the stream, without the sweeper', async () => {
    const mentorAddress = uniqueEmail('again-mentor');
    const menteeAddress = uniqueEmail('again-mentee');
    const mentorId = await applyInReview(
      'mentor',
      aMentorApplication({ email: mentorAddress, capacity: 1, menteeStages: ['medical_student'] }),
    );
    const menteeId = await applyInReview(
      'mentee',
      aMenteeApplication({ email: menteeAddress, careerStage: 'medical_student' }),
    );
    const run = (await (
      await admin('/admin/matching/runs', { method: 'POST', body: '{}' })
    ).json()) as MatchingRun;
    const approve = async () =>
      (
        await (
          await admin(`/admin/matching/runs/${run.id}/approve`, {
            method: 'POST',
            body: JSON.stringify({ pairs: [{ mentorId, menteeId }] }),
          })
        ).json()
      ).outcomes[0]?.outcome;
    expect(await approve()).toBe('approved');
    await waitForEmails(menteeAddress, 2);
    await waitForEmails(mentorAddress, 2);
    expect(await introductionsTo(menteeAddress)).toHaveLength(1);
    expect(await introductionsTo(mentorAddress)).toHaveLength(1);

    // A schedule clash, not a bad fit, and no return with priority: the pair may meet again.
    const ended = await admin(`/admin/matching/matches/${menteeId}/end`, {
      method: 'POST',
      body: JSON.stringify({ reason: 'schedule', returnToPool: false }),
    });
    expect(ended.status).toBe(200);
    expect(await approve()).toBe('approved');

    // The stream sender works within a second; the sweeper would wait two minutes at least.
    await waitForEmails(menteeAddress, 3);
    await waitForEmails(mentorAddress, 3);
    expect(await introductionsTo(menteeAddress)).toHaveLength(2);
    expect(await introductionsTo(mentorAddress)).toHaveLength(2);

    // Approving the same match again sends nothing more.
    expect(await approve()).toBe('already_approved');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await introductionsTo(menteeAddress)).toHaveLength(2);
    expect(await introductionsTo(mentorAddress)).toHaveLength(2);
    // Each match has an introduction item of its own, both sent: the first is not rewritten.
    const { Items = [] } = await table.client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :introductions)',
        ExpressionAttributeValues: {
          ':pk': `APPLICATION#${menteeId}`,
          ':introductions': 'EMAIL#introduction:',
        },
        ConsistentRead: true,
      }),
    );
    expect(Items.map((item) => item.state)).toEqual(['sent', 'sent']);
  });

  it('an applicant who withdraws and then deletes: staff get both notices from the stream, each a new item', async () => {
    const address = uniqueEmail('withdraw-then-delete');
    const response = await fetch(`${gateway.url}/applications/mentee`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(aMenteeApplication({ email: address })),
    });
    const { id, reference } = (await response.json()) as { id: string; reference: string };
    const [confirmation] = await waitForEmails(address, 1);
    const link = /https?:\/\/\S+\/my-application\?token=\S+/.exec(
      confirmation?.body.text ?? '',
    )?.[0];
    const token = new URL(link ?? 'http://missing').searchParams.get('token') ?? '';
    const post = (action: string) =>
      fetch(`${gateway.url}/my-application/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams({ token }).toString(),
        redirect: 'manual',
      });
    const notices = async () =>
      (await emailsTo(staffAddress)).filter(
        (email) => email.subject.startsWith('Applicant ') && email.subject.includes(reference),
      );

    expect((await post('withdraw')).status).toBeLessThan(400);
    // While its notice is being sent, deletion asks to come back (503 with Retry-After).
    const withdrawalNotice = await eventually(
      () => storedEmail(id, 'withdrawalNotice', tableName),
      (item) => item?.state === 'sent',
    );
    expect(withdrawalNotice).toMatchObject({ state: 'sent' });
    expect((await post('delete')).status).toBe(200);

    const received = await eventually(notices, (found) => found.length >= 2);
    expect(received.map((email) => email.subject.split(' ')[1]).sort()).toEqual([
      'deleted',
      'withdrew',
    ]);
  });
});
