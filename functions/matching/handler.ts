import { ulid } from 'ulid';
import { tableConfig } from '../../shared/config.js';
import { dynamoDbDocumentClient } from '../../shared/store/clients.js';
import { DynamoDbMatchingRepository } from '../../shared/store/matching-repository.js';
import { createMatchingHandler } from './create-handler.js';

const config = tableConfig();

/** Lambda entry point for every `/admin/matching` route. */
export const handler = createMatchingHandler({
  repository: new DynamoDbMatchingRepository(dynamoDbDocumentClient(), config.TABLE_NAME),
  now: () => new Date(),
  newId: () => ulid(),
});
