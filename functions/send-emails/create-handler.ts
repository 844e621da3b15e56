import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import {
  type DeliveryDependencies,
  deliverEmail,
  withReadsAhead,
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
  const refOf = (record: DynamoDBRecord) => {
    const keys = record.dynamodb?.Keys;
    return emailRefFromKeys({ pk: keys?.pk?.S, sk: keys?.sk?.S });
  };
  return middy<DynamoDBStreamEvent, unknown, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(publishRecordedMetrics())
    .handler(async (event, context) => {
      // What every email reads before its claim, read for the whole batch in two calls; if
      // that fails, the batch fails as a whole, with nothing claimed, and is retried.
      const refs = event.Records.map(refOf).filter((ref) => ref !== undefined);
      const batchDeps = await withReadsAhead(deps, refs);
      const deliver = async (record: DynamoDBRecord) => {
        const ref = refOf(record);
        // The mapping's filter lets only new outbox emails through; anything else is not ours.
        if (!ref) return 'ignored';
        return deliverEmail(batchDeps, ref, { dueOnly: false });
      };
      // The records are delivered concurrently (the processor's default): each has its own
      // claim, so their order does not matter. Every failed record is reported, even when
      // all fail: the mapping then retries from the lowest failed sequence number instead
      // of treating it as a function error.
      return processPartialResponse(event, deliver, processor, {
        context,
        throwOnFullBatchFailure: false,
      });
    });
}
