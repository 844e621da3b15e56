import { DynamoDbTally } from '../../shared/dashboard/store/tally-store.js';
import { dynamoDbDocumentClient } from '../../shared/platform/aws/clients.js';
import { tallyConfig } from '../../shared/platform/config.js';
import { createTallyHandler } from './create-handler.js';

const config = tallyConfig();

/** Lambda entry point, run by the table stream's event source mapping (applications, emails). */
export const handler = createTallyHandler({
  tally: new DynamoDbTally(dynamoDbDocumentClient(), config.TABLE_NAME),
});
