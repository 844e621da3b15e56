import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SNSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createSendEmailsHandler } from '../../functions/send-emails/create-handler.js';
import { createSesEventsHandler } from '../../functions/ses-events/create-handler.js';
import { createSubmitApplicationHandler } from '../../functions/submit-application/create-handler.js';
import { legacyEmailKey } from '../../shared/applications/fingerprints.js';
import { itemKeys } from '../../shared/applications/store/application-item.js';
import type { Submission } from '../../shared/applications/submission.js';
import { DynamoDbEmailOutbox } from '../../shared/email-delivery/store/email-outbox.js';
import { documentClientOver } from '../../shared/platform/aws/clients.js';
import { DynamoDbStaffRepository } from '../../shared/review/store/staff-repository.js';
import { submissionsCsv } from '../../shared/review/submission-export.js';
import { aMentorApplication, uniqueEmail } from '../support/builders.js';
import { parseCsv } from '../support/csv.js';
import { testFingerprints } from '../support/fingerprints.js';
import { readReceipt } from '../support/http.js';
import {
  deliveryDependencies,
  dynamoDbClient,
  emailStreamRecords,
  freshTable,
  intakeDependencies,
  startInProcessGateway,
} from '../support/in-process-intake.js';
import { emailsTo } from '../support/local-aws.js';

const context = {} as Context;

/** SES's event publishing JSON (configuration set → SNS), as its documentation shows it. */
function sesNotification(
  kind: 'Bounce' | 'Complaint',
  messageId: string,
  address: string,
  bounceType = 'Permanent',
) {
  const mail = {
    timestamp: '2026-03-20T17:00:00.000Z',
    source: 'mentoring@ladocs.example',
    sourceArn: 'arn:aws:ses:us-west-2:123456789012:identity/ladocs.example',
    sendingAccountId: '123456789012',
    messageId,
    destination: [address],
    tags: { 'ses:configuration-set': ['MentoringIntake'] },
  };
  const body =
    kind === 'Bounce'
      ? {
          eventType: 'Bounce',
          bounce: {
            bounceType,
            bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
            bouncedRecipients: [
              {
                emailAddress: address,
                action: 'failed',
                status: '5.1.1',
                diagnosticCode: 'smtp; 550 5.1.1 user unknown',
              },
            ],
            timestamp: '2026-03-20T17:00:05.000Z',
            feedbackId: '0100017a-feedback',
            reportingMTA: 'dsn; a8-70.smtp-out.amazonses.com',
          },
          mail,
        }
      : {
          eventType: 'Complaint',
          complaint: {
            complainedRecipients: [{ emailAddress: address }],
            timestamp: '2026-03-20T17:05:00.000Z',
            feedbackId: '0100017a-complaint',
            complaintFeedbackType: 'abuse',
          },
          mail,
        };
  const event: SNSEvent = {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:us-west-2:123456789012:ses-events:1',
        Sns: {
          Type: 'Notification',
          MessageId: 'sns-1',
          TopicArn: 'arn:aws:sns:us-west-2:123456789012:ses-events',
          Subject: '',
          Message: JSON.stringify(body),
          Timestamp: '2026-03-20T17:00:06.000Z',
          SignatureVersion: '1',
          Signature: 'x',
          SigningCertUrl: 'https://sns.example/cert.pem',
          UnsubscribeUrl: 'https://sns.example/unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
  return event;
}

/** Applies and lets the stream-driven sender send its confirmation; returns its message id. */
async function applyAndConfirm(
  tableName: string,
  email: string,
  capacity = 4,
  notifyStaff = false,
) {
  const gateway = await startInProcessGateway(
    createSubmitApplicationHandler(intakeDependencies({ tableName, notifyStaff })),
  );
  const { id } = await readReceipt(await gateway.post(aMentorApplication({ email, capacity })));
  await gateway.close();
  const records = (await emailStreamRecords(tableName)).filter((record) =>
    record.dynamodb?.Keys?.pk?.S?.endsWith(id),
  );
  await createSendEmailsHandler(deliveryDependencies({ tableName }))({ Records: records }, context);
  const staff = new DynamoDbStaffRepository(
    documentClientOver(dynamoDbClient()),
    tableName,
    testFingerprints,
  );
  return {
    id,
    staff,
    view: async () => (await staff.get(id)) as Submission,
    /** The staff summary's outbox item, as stored. */
    staffSummary: async () =>
      (
        await documentClientOver(dynamoDbClient()).send(
          new GetCommand({ TableName: tableName, Key: itemKeys.email(id, 'staffNotification') }),
        )
      ).Item,
  };
}

const STAFF_EMAIL = 'mentoring-staff@ladocs.example';

function eventsHandler(tableName: string) {
  const counted: string[] = [];
  const handler = createSesEventsHandler({
    outbox: new DynamoDbEmailOutbox(
      documentClientOver(dynamoDbClient()),
      tableName,
      testFingerprints,
    ),
    now: () => new Date('2026-03-20T17:00:06.000Z'),
    metrics: {
      confirmationGaveUp: () => undefined,
      deliveryProblem: (kind) => void counted.push(kind),
      staffAddressProblem: (kind) => void counted.push(`staff ${kind}`),
    },
    staffEmail: STAFF_EMAIL,
  });
  return { handler, counted };
}

describe('SES bounces and complaints', () => {
  it.each([
    ['a permanent bounce', 'Bounce', 'bounced', 'bounce'],
    ['a complaint', 'Complaint', 'complained', 'complaint'],
  ] as const)(
    '%s is recorded on the application, counted, and ends all email to the address',
    async (_label, kind, state, metric) => {
      const tableName = await freshTable();
      const email = uniqueEmail('bounces');
      const { view } = await applyAndConfirm(tableName, email);
      const sent = (await view()).confirmation;
      const { handler, counted } = eventsHandler(tableName);

      await handler(sesNotification(kind, sent.messageId ?? '', email), context);
      const again = await applyAndConfirm(tableName, email, 5);

      expect(sent.state).toBe('sent');
      expect((await view()).confirmation.state).toBe(state);
      expect(counted).toEqual([metric]);
      expect((await again.view()).confirmation).toMatchObject({
        state: 'suppressed',
        suppressedBecause: state,
      });
      expect(await emailsTo(email)).toHaveLength(1);
      let csv = '';
      for await (const chunk of submissionsCsv(['mentor'], again.staff.listAll({}))) csv += chunk;
      const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
      const column = header?.indexOf('Confirmation email') ?? -1;
      expect(rows.map((row) => row[column]).sort()).toEqual([state, 'suppressed'].sort());
    },
  );

  it.each([
    ['complaint', 'Complaint'],
    ['bounce', 'Bounce'],
  ] as const)(
    'a %s naming the staff address never stops staff email, and raises the staff alarm',
    async (metric, kind) => {
      const tableName = await freshTable();
      const first = await applyAndConfirm(tableName, uniqueEmail('staff-first'), 4, true);
      const { handler, counted } = eventsHandler(tableName);

      // SES names the recipient as it was written: the display name and the case are its own.
      await handler(
        sesNotification(kind, 'staff-message', `Mentoring Staff <${STAFF_EMAIL.toUpperCase()}>`),
        context,
      );
      const later = await applyAndConfirm(tableName, uniqueEmail('staff-later'), 4, true);

      expect((await first.staffSummary())?.state).toBe('sent');
      expect(counted).toEqual([metric, `staff ${metric}`]);
      expect((await later.staffSummary())?.state).toBe('sent');
      expect((await later.view()).confirmation.state).toBe('sent');
    },
  );

  it('suppresses an address SES reports with a display name and another case', async () => {
    const tableName = await freshTable();
    const email = uniqueEmail('display-name');
    const { view } = await applyAndConfirm(tableName, email);
    const { handler } = eventsHandler(tableName);
    const [local, domain] = email.split('@');

    await handler(
      sesNotification(
        'Bounce',
        (await view()).confirmation.messageId ?? '',
        `"One, Some" <${local}@${domain?.toUpperCase()}>`,
      ),
      context,
    );
    const again = await applyAndConfirm(tableName, email, 5);

    expect((await again.view()).confirmation).toMatchObject({
      state: 'suppressed',
      suppressedBecause: 'bounced',
    });
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it('stores no plain digest of an address: its quota, suppression and guard keys are keyed hashes', async () => {
    const tableName = await freshTable();
    const email = uniqueEmail('keyed');
    const { view } = await applyAndConfirm(tableName, email, 4, true);
    const { handler } = eventsHandler(tableName);
    await handler(
      sesNotification('Bounce', (await view()).confirmation.messageId ?? '', email),
      context,
    );

    const { Items = [] } = await documentClientOver(dynamoDbClient()).send(
      new ScanCommand({ TableName: tableName }),
    );
    const stored = JSON.stringify(Items);
    const digests = (text: string) => [
      createHash('sha256').update(text).digest('base64url'),
      createHash('sha256').update(text).digest('hex'),
      createHash('sha256').update(text).digest('base64'),
    ];
    const plain = [email, `email\n${email}`, `applicant\nmentor\n${email}`].flatMap(digests);

    expect(plain.filter((digest) => stored.includes(digest))).toEqual([]);
    const keys = Items.map((item) => String(item.pk));
    const emailKey = await testFingerprints.emailKey(email);
    expect(keys).toContain(`SUPPRESSED#${emailKey}`);
    expect(keys).toContain(`APPLICANT#${await testFingerprints.applicantKey('mentor', email)}`);
    expect(keys.some((key) => key.startsWith(`CONFIRMATION_QUOTA#${emailKey}#`))).toBe(true);
  });

  it('still honours a suppression recorded under the unkeyed digest before the key existed', async () => {
    const tableName = await freshTable();
    const email = uniqueEmail('legacy');
    await documentClientOver(dynamoDbClient()).send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...itemKeys.suppressedAddress(legacyEmailKey(email)),
          entity: 'suppressed-address',
          reason: 'complained',
          at: '2026-01-01T00:00:00.000Z',
        },
      }),
    );

    const { view } = await applyAndConfirm(tableName, email);

    expect((await view()).confirmation).toMatchObject({
      state: 'suppressed',
      suppressedBecause: 'complained',
    });
    expect(await emailsTo(email)).toHaveLength(0);
  });

  it('ignores a transient bounce (a full mailbox) and anything that is not SES’s', async () => {
    const tableName = await freshTable();
    const email = uniqueEmail('transient');
    const { view } = await applyAndConfirm(tableName, email);
    const { handler, counted } = eventsHandler(tableName);
    const transient = sesNotification(
      'Bounce',
      (await view()).confirmation.messageId ?? '',
      email,
      'Transient',
    );
    const garbage = sesNotification('Bounce', 'x', email);
    garbage.Records[0] = {
      ...garbage.Records[0],
      Sns: { ...garbage.Records[0]?.Sns, Message: 'not json' },
    } as SNSEvent['Records'][number];

    await handler(transient, context);
    await handler(garbage, context);
    const again = await applyAndConfirm(tableName, email, 5);

    expect(counted).toEqual([]);
    expect((await view()).confirmation.state).toBe('sent');
    expect((await again.view()).confirmation.state).toBe('sent');
  });
});
