import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { DeliveryDependencies } from '../../shared/domain/deliver-email.js';
import { retryPendingConfirmations } from '../../shared/domain/retry-confirmations.js';
import { logger } from '../../shared/observability/logger.js';
import { publishRecordedMetrics } from '../../shared/observability/metrics.js';

// One run handles this many; the schedule comes back in five minutes for the rest.
const BATCH_SIZE = 50;

/** The scheduled sweeper: send outbox emails still pending and due, with backoff, once each. */
export function createRetryConfirmationsHandler(deps: DeliveryDependencies) {
  return middy()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(publishRecordedMetrics())
    .handler(async () => {
      const report = await retryPendingConfirmations(deps, { batchSize: BATCH_SIZE });
      if (Object.values(report).some((count) => count > 0))
        logger.info('Swept pending emails', { report });
      return report;
    });
}
