import { DynamoDbCycleCalendar } from '../../shared/applications/store/cycle-calendar.js';
import { DynamoDbCycleCompletion } from '../../shared/outcomes/store/cycle-completion-store.js';
import { dynamoDbDocumentClient } from '../../shared/platform/aws/clients.js';
import { cycleCompletionConfig } from '../../shared/platform/config.js';
import { createCycleCompletionHandler } from './create-handler.js';

const config = cycleCompletionConfig();
const client = dynamoDbDocumentClient();

/** Lambda entry point, run by an EventBridge schedule every hour: cycles past their end. */
export const handler = createCycleCompletionHandler({
  calendar: new DynamoDbCycleCalendar(client, config.TABLE_NAME),
  completion: new DynamoDbCycleCompletion(client, config.TABLE_NAME),
  now: () => new Date(),
});
