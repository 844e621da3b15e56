import { addressFingerprints } from '../../shared/composition/address-fingerprints.js';
import { sesEventsConfig } from '../../shared/config.js';
import { operationalMetrics } from '../../shared/observability/metrics.js';
import { dynamoDbDocumentClient } from '../../shared/store/clients.js';
import { DynamoDbEmailOutbox } from '../../shared/store/email-outbox.js';
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
