import { backfillTally } from '../shared/dashboard/store/tally-backfill.js';
import { dynamoDbDocumentClient } from '../shared/platform/aws/clients.js';

// `TABLE_NAME=… npm run backfill:tally`: counts the applications and emails saved before the
// dashboard existed, in a deployed table (your AWS credentials) or a local one
// (AWS_ENDPOINT_URL_DYNAMODB). Safe to run twice; `npm start` does it by itself.
const tableName = process.env.TABLE_NAME;
if (!tableName) throw new Error("Set TABLE_NAME to the table (the stack's TableName output).");
const looked = await backfillTally(dynamoDbDocumentClient(), tableName);
console.log(`Recounted ${looked} applications and emails in ${tableName}.`);
