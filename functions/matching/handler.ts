import { ulid } from 'ulid';
import { addressFingerprints } from '../../shared/composition/address-fingerprints.js';
import { matchingConfig } from '../../shared/config.js';
import { DynamoDbAddressProblems } from '../../shared/store/address-problems.js';
import { dynamoDbDocumentClient } from '../../shared/store/clients.js';
import { DynamoDbMatchingRepository } from '../../shared/store/matching-repository.js';
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
});
