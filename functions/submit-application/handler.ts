import { addressFingerprints } from '../../shared/composition/address-fingerprints.js';
import { intakeConfig } from '../../shared/config.js';
import { systemEnvironment } from '../../shared/domain/system-environment.js';
import { logger } from '../../shared/observability/logger.js';
import { spamDefencesFrom } from '../../shared/spam/spam-settings.js';
import { DynamoDbApplicationRepository } from '../../shared/store/application-repository.js';
import { dynamoDbDocumentClient } from '../../shared/store/clients.js';
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
