import { addressFingerprints } from '../../shared/applications/address-fingerprints.js';
import { DynamoDbEmailOutbox } from '../../shared/email-delivery/store/email-outbox.js';
import { dynamoDbDocumentClient } from '../../shared/platform/aws/clients.js';
import { sesEventsConfig } from '../../shared/platform/config.js';
import { operationalMetrics } from '../../shared/platform/observability/metrics.js';
import { createSesEventsHandler } from './create-handler.js';

const config = sesEventsConfig();

/** Lambda entry point, subscribed to the SES configuration set's bounce and complaint topic. */
export const handler = createSesEventsHandler({
  outbox: new DynamoDbEmailOutbox(
    dynamoDbDocumentClient(),
    config.TABLE_NAME,
    addressFingerprints(config),
  ),
  now: () => new Date(),
  metrics: operationalMetrics,
  staffEmail: config.STAFF_EMAIL,
});
