import { ulid } from 'ulid';
import { addressFingerprints } from '../../shared/applications/address-fingerprints.js';
import { DynamoDbAddressProblems } from '../../shared/applications/store/address-problems.js';
import { DynamoDbCycleCalendar } from '../../shared/applications/store/cycle-calendar.js';
import { DynamoDbMatchingRepository } from '../../shared/matching/store/matching-repository.js';
import { dynamoDbDocumentClient } from '../../shared/platform/aws/clients.js';
import { matchingConfig } from '../../shared/platform/config.js';
import { createMatchingHandler } from './create-handler.js';

const config = matchingConfig();
const client = dynamoDbDocumentClient();

/** Lambda entry point for every `/admin/matching` route. */
export const handler = createMatchingHandler({
  repository: new DynamoDbMatchingRepository(client, config.TABLE_NAME),
  addressProblems: new DynamoDbAddressProblems(
    client,
    config.TABLE_NAME,
    addressFingerprints(config),
  ),
  now: () => new Date(),
  newId: () => ulid(),
  calendar: new DynamoDbCycleCalendar(client, config.TABLE_NAME),
});
