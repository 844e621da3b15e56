import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SNSEvent } from 'aws-lambda';
import type { EmailOutbox } from '../../shared/email-delivery/delivery-ports.js';
import {
  readDeliveryProblem,
  recordDeliveryProblem,
} from '../../shared/email-delivery/delivery-problems.js';
import { logger } from '../../shared/platform/observability/logger.js';
import { publishRecordedMetrics } from '../../shared/platform/observability/metrics.js';
import type { OperationalMetrics } from '../../shared/platform/observability/operational-ports.js';

/** What the bounce and complaint handler needs. */
export interface SesEventsDependencies {
  outbox: Pick<EmailOutbox, 'recordDeliveryProblem'>;
  now: () => Date;
  metrics?: OperationalMetrics;
  /** Program staff's address: its bounces and complaints are alarmed on, never suppressed. */
  staffEmail: string;
}

/** SES bounce and complaint notifications, through SNS: suppress, record, count. */
export function createSesEventsHandler(deps: SesEventsDependencies) {
  return middy<SNSEvent, void, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(publishRecordedMetrics())
    .handler(async (event) => {
      for (const record of event.Records) {
        const problem = readDeliveryProblem(record.Sns.Message);
        if (problem) await recordDeliveryProblem({ ...deps, log: logger }, problem);
      }
    });
}
