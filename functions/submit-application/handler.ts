import { addressFingerprints } from '../../shared/applications/address-fingerprints.js';
import { DynamoDbApplicationRepository } from '../../shared/applications/store/application-repository.js';
import { systemEnvironment } from '../../shared/applications/system-environment.js';
import { spamDefencesFrom } from '../../shared/intake/spam/spam-settings.js';
import { dynamoDbDocumentClient } from '../../shared/platform/aws/clients.js';
import { intakeConfig } from '../../shared/platform/config.js';
import { logger } from '../../shared/platform/observability/logger.js';
import { createSubmitApplicationHandler } from './create-handler.js';

const config = intakeConfig();

// Start fetching the spam-defence secrets during init, which Lambda runs before the first
// request arrives; the first request then finds them cached. A failure here is not cached:
// the request asks again.
spamDefencesFrom(config).catch(() => undefined);

/** Lambda entry point for `POST /applications/{type}`: one write, no email sent here. */
export const handler = createSubmitApplicationHandler({
  repository: new DynamoDbApplicationRepository(dynamoDbDocumentClient(), config.TABLE_NAME),
  environment: systemEnvironment,
  fingerprints: addressFingerprints(config),
  log: logger,
  thankYouUrl: config.THANK_YOU_URL,
  spamDefences: () => spamDefencesFrom(config),
  notifyStaff: config.STAFF_NOTIFICATIONS === 'on',
});
