import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import {
  type DeliveryDependencies,
  deliverEmail,
} from '../../shared/email-delivery/deliver-email.js';
import { emailRefFromKeys } from '../../shared/email-delivery/store/email-outbox.js';
import { logger } from '../../shared/platform/observability/logger.js';
import { publishRecordedMetrics } from '../../shared/platform/observability/metrics.js';

/**
 * The stream-driven sender: each record (keys only) names one new outbox email, which is
 * delivered at most once. A record whose delivery throws (storage trouble) is reported as a
 * batch item failure, so the event source mapping retries from it; a failed send is not an
 * error here: the email stays pending and the sweeper retries it with backoff.
 */
export function createSendEmailsHandler(deps: DeliveryDependencies) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const deliver = async (record: DynamoDBRecord) => {
    const keys = record.dynamodb?.Keys;
    const ref = emailRefFromKeys({ pk: keys?.pk?.S, sk: keys?.sk?.S });
    // The mapping's filter lets only new outbox emails through; anything else is not ours.
    if (!ref) return 'ignored';
    return deliverEmail(deps, ref, { dueOnly: false });
  };
  return middy<DynamoDBStreamEvent, unknown, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(publishRecordedMetrics())
    .handler((event, context) =>
      // Every failed record is reported, even when all fail: the mapping then retries from
      // the lowest failed sequence number instead of treating it as a function error.
      processPartialResponse(event, deliver, processor, {
        context,
        throwOnFullBatchFailure: false,
      }),
    );
}
