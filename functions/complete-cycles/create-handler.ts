import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import {
  type CycleCompleted,
  type CycleCompletionDependencies,
  completeDueCycles,
} from '../../shared/outcomes/complete-cycles.js';
import { logger } from '../../shared/platform/observability/logger.js';

/**
 * Run by its schedule: completes the matches of every cycle past its end date, and asks each
 * person to evaluate the year. Idempotent, so overlapping runs change and send nothing twice.
 */
export function createCycleCompletionHandler(deps: CycleCompletionDependencies) {
  return middy<ScheduledEvent, CycleCompleted[], Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .handler(async () => {
      const completed = await completeDueCycles(deps);
      // Cycle ids and counts only: no person.
      for (const cycle of completed) logger.info('Cycle completed', { ...cycle });
      return completed;
    });
}
