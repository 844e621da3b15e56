// First: the schemas below are built without zod's per-schema code generation.
import '../../shared/platform/one-off-parses.js';
import { addressFingerprints } from '../../shared/applications/address-fingerprints.js';
import { DynamoDbApplicationRepository } from '../../shared/applications/store/application-repository.js';
import { DynamoDbCycleCalendar } from '../../shared/applications/store/cycle-calendar.js';
import { systemEnvironment } from '../../shared/applications/system-environment.js';
import { dynamoDbDocumentClient } from '../../shared/platform/aws/clients.js';
import { returningMentorConfig } from '../../shared/platform/config.js';
import { applicantLinkKey } from '../../shared/platform/secrets/secret-value.js';
import { createReturningMentorHandler } from './create-handler.js';

const config = returningMentorConfig();
const client = dynamoDbDocumentClient();
const linkSecret = applicantLinkKey(config);

/** Lambda entry point for `/returning-mentor`: an invited mentor's page and its one action. */
export const handler = createReturningMentorHandler({
  repository: new DynamoDbApplicationRepository(client, config.TABLE_NAME),
  calendar: new DynamoDbCycleCalendar(client, config.TABLE_NAME),
  environment: systemEnvironment,
  fingerprints: addressFingerprints(config),
  notifyStaff: config.STAFF_NOTIFICATIONS === 'on',
  linkSecret,
  context: { programName: config.PROGRAM_NAME, staffEmail: config.STAFF_EMAIL },
});
