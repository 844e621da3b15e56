import { DynamoDbEvaluations } from '../../shared/outcomes/store/evaluation-store.js';
import { dynamoDbDocumentClient } from '../../shared/platform/aws/clients.js';
import { checkInPageConfig } from '../../shared/platform/config.js';
import { applicantLinkKey } from '../../shared/platform/secrets/secret-value.js';
import { createEvaluationHandler } from './create-handler.js';

// The same settings as the check-in page: the table, the link key, the program and its staff.
const config = checkInPageConfig();

/** Lambda entry point for `/evaluation`: a person's evaluation of the cycle they completed. */
export const handler = createEvaluationHandler({
  answers: new DynamoDbEvaluations(dynamoDbDocumentClient(), config.TABLE_NAME),
  linkSecret: applicantLinkKey(config),
  now: () => new Date(),
  context: { programName: config.PROGRAM_NAME, staffEmail: config.STAFF_EMAIL },
});
