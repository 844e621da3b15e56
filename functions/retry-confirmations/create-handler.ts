import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { retryPendingConfirmations } from '../../shared/domain/retry-confirmations.js';
import type { ConfirmationDependencies } from '../../shared/domain/send-confirmation.js';
import { logger } from '../../shared/observability/logger.js';
import { metrics } from '../../shared/observability/metrics.js';

// One run handles this many; the schedule comes back in five minutes for the rest.
const BATCH_SIZE = 50;

/** The scheduled job: send confirmations still pending, with backoff, once each. */
export function createRetryConfirmationsHandler(deps: ConfirmationDependencies) {
  return middy()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(logMetrics(metrics))
    .handler(async () => {
      const report = await retryPendingConfirmations(deps, { batchSize: BATCH_SIZE });
      if (Object.values(report).some((count) => count > 0))
        logger.info('Retried confirmations', { report });
      return report;
    });
}
