import type { Context, SNSEvent } from 'aws-lambda';
import { createSesEventsHandler } from '../../functions/ses-events/create-handler.js';
import { DynamoDbEmailOutbox } from '../../shared/email-delivery/store/email-outbox.js';
import { documentClientOver } from '../../shared/platform/aws/clients.js';
import { testFingerprints } from './fingerprints.js';
import { dynamoDbClient } from './local-aws.js';

/**
 * SNS's delivery of SES's event publishing JSON for a permanent bounce or a complaint on
 * one address, with the fields SES's documentation shows (trimmed to one recipient).
 */
export function sesProblemEvent(
  kind: 'Bounce' | 'Complaint',
  address: string,
  messageId = `ses-${kind.toLowerCase()}-${Date.now()}`,
): SNSEvent {
  const mail = {
    timestamp: '2026-12-03T18:29:00.000Z',
    source: 'mentoring@ladocs.example',
    messageId,
    destination: [address],
  };
  const body =
    kind === 'Bounce'
      ? {
          eventType: 'Bounce',
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'General',
            bouncedRecipients: [{ emailAddress: address, action: 'failed', status: '5.1.1' }],
            timestamp: '2026-12-03T18:29:30.000Z',
          },
          mail,
        }
      : {
          eventType: 'Complaint',
          complaint: {
            complainedRecipients: [{ emailAddress: address }],
            timestamp: '2026-12-03T18:29:30.000Z',
            complaintFeedbackType: 'abuse',
          },
          mail,
        };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:us-west-2:123456789012:ses-events:1',
        Sns: {
          Type: 'Notification',
          MessageId: `sns-${messageId}`,
          TopicArn: 'arn:aws:sns:us-west-2:123456789012:ses-events',
          Subject: '',
          Message: JSON.stringify(body),
          Timestamp: '2026-12-03T18:29:31.000Z',
          SignatureVersion: '1',
          Signature: 'x',
          SigningCertUrl: 'https://sns.example/cert.pem',
          UnsubscribeUrl: 'https://sns.example/unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}

/**
 * Suppresses an address as production does: the bounce and complaint handler, with its real
 * outbox adapter on `tableName`, receives SES's notification at `at`.
 */
export async function reportDeliveryProblem(
  tableName: string,
  kind: 'Bounce' | 'Complaint',
  address: string,
  at: Date,
): Promise<void> {
  const handler = createSesEventsHandler({
    outbox: new DynamoDbEmailOutbox(
      documentClientOver(dynamoDbClient()),
      tableName,
      testFingerprints,
    ),
    now: () => at,
    staffEmail: 'mentoring-staff@ladocs.example',
  });
  await handler(sesProblemEvent(kind, address), {} as Context);
}
