import { addressFingerprints } from '../../shared/applications/address-fingerprints.js';
import { dynamoDbDocumentClient } from '../../shared/platform/aws/clients.js';
import { selfServiceConfig } from '../../shared/platform/config.js';
import { applicantLinkKey } from '../../shared/platform/secrets/secret-value.js';
import { DynamoDbSelfServiceRepository } from '../../shared/self-service/store/self-service-repository.js';
import { createApplicantPageHandler } from './create-handler.js';

const config = selfServiceConfig();
const linkSecret = applicantLinkKey(config);

/** Lambda entry point for `/my-application`: the applicant's own page and its two actions. */
export const handler = createApplicantPageHandler({
  repository: new DynamoDbSelfServiceRepository(
    dynamoDbDocumentClient(),
    config.TABLE_NAME,
    addressFingerprints(config),
  ),
  linkSecret,
  now: () => new Date(),
  retentionDays: config.RETENTION_DAYS,
  context: { programName: config.PROGRAM_NAME, staffEmail: config.STAFF_EMAIL },
});
