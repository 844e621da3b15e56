import { addressFingerprints } from '../../shared/composition/address-fingerprints.js';
import { staffConfig } from '../../shared/config.js';
import { dynamoDbDocumentClient } from '../../shared/store/clients.js';
import { DynamoDbStaffRepository } from '../../shared/store/staff-repository.js';
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
