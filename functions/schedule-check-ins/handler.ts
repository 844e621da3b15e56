import { DynamoDbCycleCalendar } from '../../shared/applications/store/cycle-calendar.js';
import { parseCheckInSchedule } from '../../shared/check-ins/check-in-schedule.js';
import { DynamoDbCheckIns } from '../../shared/check-ins/store/check-in-store.js';
import { dynamoDbDocumentClient } from '../../shared/platform/aws/clients.js';
import { checkInSchedulerConfig } from '../../shared/platform/config.js';
import { createCheckInSchedulerHandler } from './create-handler.js';

const config = checkInSchedulerConfig();
const client = dynamoDbDocumentClient();
const schedule = parseCheckInSchedule(config.CHECK_IN_SCHEDULE);
// A wrong schedule stops the function at init, with the reason, rather than sending wrongly.
if (typeof schedule === 'string') throw new Error(`Invalid CHECK_IN_SCHEDULE: ${schedule}`);

/** Lambda entry point, run by an EventBridge schedule every hour: check-ins and reminders. */
export const handler = createCheckInSchedulerHandler({
  store: new DynamoDbCheckIns(client, config.TABLE_NAME),
  calendar: new DynamoDbCycleCalendar(client, config.TABLE_NAME),
  schedule,
  now: () => new Date(),
});
