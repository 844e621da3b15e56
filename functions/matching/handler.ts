import { ulid } from 'ulid';
import { DynamoDbMatchingRepository } from '../../shared/matching/store/matching-repository.js';
import { dynamoDbDocumentClient } from '../../shared/platform/aws/clients.js';
import { tableConfig } from '../../shared/platform/config.js';
import { createMatchingHandler } from './create-handler.js';

const config = tableConfig();

/** Lambda entry point for every `/admin/matching` route. */
export const handler = createMatchingHandler({
  repository: new DynamoDbMatchingRepository(dynamoDbDocumentClient(), config.TABLE_NAME),
  now: () => new Date(),
  newId: () => ulid(),
});
