import { DynamoDbCheckIns } from '../../shared/check-ins/store/check-in-store.js';
import { dynamoDbDocumentClient } from '../../shared/platform/aws/clients.js';
import { checkInPageConfig } from '../../shared/platform/config.js';
import { applicantLinkKey } from '../../shared/platform/secrets/secret-value.js';
import { createCheckInHandler } from './create-handler.js';

const config = checkInPageConfig();

/** Lambda entry point for `/check-in`: a person's answers to one check-in of their match. */
export const handler = createCheckInHandler({
  answers: new DynamoDbCheckIns(dynamoDbDocumentClient(), config.TABLE_NAME),
  linkSecret: applicantLinkKey(config),
  now: () => new Date(),
  context: { programName: config.PROGRAM_NAME, staffEmail: config.STAFF_EMAIL },
});
