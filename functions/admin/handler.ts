import { randomUUID } from 'node:crypto';
import { addressFingerprints } from '../../shared/applications/address-fingerprints.js';
import { DynamoDbAddressProblems } from '../../shared/applications/store/address-problems.js';
import { DynamoDbCycleCalendar } from '../../shared/applications/store/cycle-calendar.js';
import { parseCheckInSchedule } from '../../shared/check-ins/check-in-schedule.js';
import { DynamoDbMatches } from '../../shared/check-ins/store/matches-store.js';
import { DynamoDbTally } from '../../shared/dashboard/store/tally-store.js';
import { DynamoDbColleagues } from '../../shared/matching/store/colleagues.js';
import { DynamoDbCycleCompletion, DynamoDbOutcomes } from '../../shared/outcomes/index.js';
import { dynamoDbDocumentClient } from '../../shared/platform/aws/clients.js';
import { staffConfig } from '../../shared/platform/config.js';
import { DynamoDbCarryOver } from '../../shared/review/store/carry-over-store.js';
import { DynamoDbInvitations } from '../../shared/review/store/invitation-store.js';
import { DynamoDbStaffRepository } from '../../shared/review/store/staff-repository.js';
import { createAdminHandler } from './create-handler.js';

const config = staffConfig();
const client = dynamoDbDocumentClient();
const fingerprints = addressFingerprints(config);
const checkInSchedule = parseCheckInSchedule(config.CHECK_IN_SCHEDULE);
// A wrong schedule stops the function at init, with the reason.
if (typeof checkInSchedule === 'string') {
  throw new Error(`Invalid CHECK_IN_SCHEDULE: ${checkInSchedule}`);
}

/** Lambda entry point for every `/admin` route. */
export const handler = createAdminHandler({
  repository: new DynamoDbStaffRepository(client, config.TABLE_NAME, fingerprints),
  addressProblems: new DynamoDbAddressProblems(client, config.TABLE_NAME, fingerprints),
  now: () => new Date(),
  retentionDays: config.RETENTION_DAYS,
  calendar: new DynamoDbCycleCalendar(client, config.TABLE_NAME),
  tally: new DynamoDbTally(client, config.TABLE_NAME),
  carryOver: new DynamoDbCarryOver(client, config.TABLE_NAME),
  invitations: new DynamoDbInvitations(client, config.TABLE_NAME),
  matches: new DynamoDbMatches(client, config.TABLE_NAME),
  colleagues: new DynamoDbColleagues(client, config.TABLE_NAME),
  completion: new DynamoDbCycleCompletion(client, config.TABLE_NAME),
  outcomes: new DynamoDbOutcomes(client, config.TABLE_NAME),
  checkInSchedule,
  newId: () => randomUUID(),
});
