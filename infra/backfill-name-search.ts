import { dynamoDbDocumentClient } from '../shared/platform/aws/clients.js';
import { backfillNameSearch } from '../shared/review/store/name-search-backfill.js';

// `TABLE_NAME=… npm run backfill:search`: gives applications saved before name search
// their search entries, in a deployed table (your AWS credentials) or a local one
// (AWS_ENDPOINT_URL_DYNAMODB). Safe to run twice; `npm start` does it by itself.
const tableName = process.env.TABLE_NAME;
if (!tableName) throw new Error("Set TABLE_NAME to the table (the stack's TableName output).");
const written = await backfillNameSearch(dynamoDbDocumentClient(), tableName);
console.log(`Wrote ${written} name search entries to ${tableName}.`);
