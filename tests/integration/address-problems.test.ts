import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacyEmailKey } from '../../shared/applications/fingerprints.js';
import { itemKeys } from '../../shared/applications/store/application-item.js';
import type { Submission } from '../../shared/applications/submission.js';
import type { MatchingRunView } from '../../shared/matching/matching-service.js';
import { aMenteeApplication, aMentorApplication, uniqueEmail } from '../support/builders.js';
import { table } from '../support/local-aws.js';
import { reportDeliveryProblem } from '../support/ses-notifications.js';
import { type StaffGateway, startStaffGateway } from '../support/staff-gateway.js';

let main: StaffGateway;

beforeAll(async () => {
  main = await startStaffGateway();
}, 60_000);
afterAll(() => main?.gateway.stop());

const BOUNCED_AT = new Date('2026-12-03T18:30:00.000Z');
const COMPLAINED_AT = new Date('2026-12-04T16:00:00.000Z');

describe('introductions to an address that bounced or complained', () => {
  const emails = {
    mentor: uniqueEmail('bounced-mentor'),
    fine: uniqueEmail('fine-mentee'),
    complained: uniqueEmail('complained-mentee'),
    legacy: uniqueEmail('legacy-mentee'),
  };
  const ids: Record<keyof typeof emails, string> = {
    mentor: '',
    fine: '',
    complained: '',
    legacy: '',
  };

  beforeAll(async () => {
    // One mentor with room for all three medical students: one run pairs each with them.
    ids.mentor = await main.applyInReview(
      'mentor',
      aMentorApplication({ email: emails.mentor, capacity: 3, menteeStages: ['medical_student'] }),
    );
    for (const who of ['fine', 'complained', 'legacy'] as const) {
      ids[who] = await main.applyInReview(
        'mentee',
        aMenteeApplication({ email: emails[who], careerStage: 'medical_student' }),
      );
    }
    // As SES reports them, through the bounce and complaint handler; the address as SES
    // writes it (case and display name) still finds the application's.
    await reportDeliveryProblem(main.tableName, 'Bounce', emails.mentor, BOUNCED_AT);
    await reportDeliveryProblem(
      main.tableName,
      'Complaint',
      `"A Mentee" <${emails.complained.toUpperCase()}>`,
      COMPLAINED_AT,
    );
    // Suppressed before the address-hash key existed: under the unkeyed digest, no date kept.
    await table.client.send(
      new PutCommand({
        TableName: main.tableName,
        Item: {
          ...itemKeys.suppressedAddress(legacyEmailKey(emails.legacy)),
          entity: 'suppressed-address',
          reason: 'bounced',
        },
      }),
    );
  }, 60_000);

  it('a run says, before approval, whose introduction will not reach them, and why since when', async () => {
    const response = await main.call('/admin/matching/runs', main.staff, {
      method: 'POST',
      body: '{}',
    });
    expect(response.status).toBe(201);
    const run = (await response.json()) as MatchingRunView;

    expect(run.pairs).toHaveLength(3);
    expect(run.deliveryProblems).toEqual({
      [ids.mentor]: { reason: 'bounced', since: BOUNCED_AT.toISOString() },
      [ids.complained]: { reason: 'complained', since: COMPLAINED_AT.toISOString() },
      [ids.legacy]: { reason: 'bounced' },
    });
    const shown = await main.call(`/admin/matching/runs/${run.id}`, main.staff);
    expect(((await shown.json()) as MatchingRunView).deliveryProblems).toEqual(
      run.deliveryProblems,
    );
  });

  it("an application's view carries its address problem, and one without a problem none", async () => {
    const read = async (id: string) =>
      (await (await main.call(`/admin/submissions/${id}`, main.staff)).json()) as Submission;

    const [mentor, complained, fine] = await Promise.all([
      read(ids.mentor),
      read(ids.complained),
      read(ids.fine),
    ]);

    expect(mentor.addressProblem).toEqual({ reason: 'bounced', since: BOUNCED_AT.toISOString() });
    expect(complained.addressProblem).toEqual({
      reason: 'complained',
      since: COMPLAINED_AT.toISOString(),
    });
    expect(fine).not.toHaveProperty('addressProblem');
  });
});
