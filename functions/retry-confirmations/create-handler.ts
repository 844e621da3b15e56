import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { DeliveryDependencies } from '../../shared/email-delivery/deliver-email.js';
import {
  type RetryReport,
  retryPendingConfirmations,
} from '../../shared/email-delivery/retry-confirmations.js';
import { SEND_AND_RECORD_MS } from '../../shared/platform/aws/request-limits.js';
import { logger } from '../../shared/platform/observability/logger.js';
import { publishRecordedMetrics } from '../../shared/platform/observability/metrics.js';

// One run handles this many; the schedule comes back in five minutes for the rest.
const BATCH_SIZE = 50;

// The sweep ends this long before Lambda would stop the function: time to log, publish
// metrics and return (middy itself gives up 5 ms before the end).
const RETURN_MARGIN_MS = 500;

/**
 * The scheduled sweeper: send outbox emails still pending and due, with backoff, once each,
 * within the function's remaining time (what does not fit waits for the next run).
 */
export function createRetryConfirmationsHandler(deps: DeliveryDependencies) {
  return middy<unknown, RetryReport, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(publishRecordedMetrics())
    .handler(async (_event, context) => {
      // The deadline on the domain's clock: the remaining time is counted from now.
      const deadline = new Date(
        deps.environment.now().getTime() + context.getRemainingTimeInMillis() - RETURN_MARGIN_MS,
      );
      const report = await retryPendingConfirmations(deps, {
        batchSize: BATCH_SIZE,
        time: { deadline, sendAndRecordMs: SEND_AND_RECORD_MS },
      });
      if (Object.values(report).some((count) => count > 0))
        logger.info('Swept pending emails', { report });
      return report;
    });
}
