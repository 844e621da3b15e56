import { addressFingerprints } from '../../shared/applications/address-fingerprints.js';
import { dynamoDbDocumentClient } from '../../shared/platform/aws/clients.js';
import { staffConfig } from '../../shared/platform/config.js';
import { DynamoDbStaffRepository } from '../../shared/review/store/staff-repository.js';
import { createAdminHandler } from './create-handler.js';

const config = staffConfig();

/** Lambda entry point for every `/admin` route. */
export const handler = createAdminHandler({
  repository: new DynamoDbStaffRepository(
    dynamoDbDocumentClient(),
    config.TABLE_NAME,
    addressFingerprints(config),
  ),
  now: () => new Date(),
  retentionDays: config.RETENTION_DAYS,
});
