import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import type { Cycle } from '../../shared/applications/cycles.js';
import type { ScheduleEntry } from '../../shared/check-ins/check-in-schedule.js';
import {
  type CheckInSchedulerStore,
  scheduleCheckIns,
} from '../../shared/check-ins/schedule-check-ins.js';
import { logger } from '../../shared/platform/observability/logger.js';

/** What the check-in scheduler needs, so tests can set its clock and table. */
export interface CheckInSchedulerDependencies {
  store: CheckInSchedulerStore;
  calendar: { list(): Promise<Cycle[]> };
  schedule: readonly ScheduleEntry[];
  now: () => Date;
}

/**
 * Run by its schedule: queues in the outbox each check-in (and reminder) due to the people of
 * every match in place. Each is an outbox item with a key of its own, so however often this
 * runs, and if two runs overlap, each person gets each email once; the stream sends them.
 */
export function createCheckInSchedulerHandler(deps: CheckInSchedulerDependencies) {
  return middy<ScheduledEvent, { matches: number; queued: number }, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .handler(async () => {
      const outcome = await scheduleCheckIns(deps);
      // Counts only: no id, name or answer.
      logger.info('Check-ins scheduled', outcome);
      return outcome;
    });
}
