import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import type { DynamoDbTally, TallyKey } from '../../shared/dashboard/store/tally-store.js';
import { logger } from '../../shared/platform/observability/logger.js';

/**
 * The dashboard's aggregator: each stream record (keys only) names an application or an
 * outbox email that changed; the aggregate is brought up to date with what they are now,
 * in one transaction per group of items. A failure throws, so the event source mapping
 * retries (and bisects) the batch: recounting is safe to repeat.
 */
export function createTallyHandler(deps: { tally: Pick<DynamoDbTally, 'recount'> }) {
  return middy<DynamoDBStreamEvent, void, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .handler(async (event) => {
      const keys: TallyKey[] = [];
      for (const record of event.Records) {
        const pk = record.dynamodb?.Keys?.pk?.S;
        const sk = record.dynamodb?.Keys?.sk?.S;
        if (pk && sk) keys.push({ pk, sk });
      }
      await deps.tally.recount(keys);
    });
}
