// First: the schemas below are built without zod's per-schema code generation.
import '../../shared/platform/one-off-parses.js';
import { addressFingerprints } from '../../shared/applications/address-fingerprints.js';
import { DynamoDbApplicationRepository } from '../../shared/applications/store/application-repository.js';
import { DynamoDbCycleCalendar } from '../../shared/applications/store/cycle-calendar.js';
import { systemEnvironment } from '../../shared/applications/system-environment.js';
import { spamDefencesFrom } from '../../shared/intake/spam/spam-settings.js';
import { dynamoDbDocumentClient } from '../../shared/platform/aws/clients.js';
import { intakeConfig } from '../../shared/platform/config.js';
import { jsonLog } from '../../shared/platform/observability/json-log.js';
import { createSubmitApplicationHandler } from './create-handler.js';

const config = intakeConfig();
const log = jsonLog({ serviceName: 'mentoring-intake' });

// Start fetching the spam-defence secrets during init, which Lambda runs before the first
// request arrives; the first request then finds them cached. A failure here is not cached:
// the request asks again.
spamDefencesFrom(config).catch(() => undefined);

const repository = new DynamoDbApplicationRepository(dynamoDbDocumentClient(), config.TABLE_NAME);
const calendar = new DynamoDbCycleCalendar(dynamoDbDocumentClient(), config.TABLE_NAME);

/** Lambda entry point for `POST /applications/{type}`: one write, no email sent here. */
export const handler = createSubmitApplicationHandler({
  repository,
  environment: systemEnvironment,
  fingerprints: addressFingerprints(config),
  log,
  requestLog: log,
  thankYouUrl: config.THANK_YOU_URL,
  spamDefences: () => spamDefencesFrom(config),
  notifyStaff: config.STAFF_NOTIFICATIONS === 'on',
  calendar,
});
