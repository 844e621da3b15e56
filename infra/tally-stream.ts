/**
 * How the table's stream drives the dashboard's aggregator: one description for the CDK
 * event source mapping and for the local poller that plays it.
 */
export const TALLY_STREAM_MAPPING = {
  functionName: 'tally-applications',
  startingPosition: 'TRIM_HORIZON',
  /** Recounting reads each item once: bigger batches share the reads and the transaction. */
  batchSize: 100,
  /**
   * One batch at a time per shard: every batch adds to the same counter item, and concurrent
   * transactions on one item cancel each other.
   */
  parallelizationFactor: 1,
  /**
   * The dashboard may lag a few seconds: gathering records for 5 s makes a burst a few big
   * batches (one read and one transaction each) instead of one invocation per write.
   */
  maximumBatchingWindowInSeconds: 5,
  maximumRetryAttempts: 10,
  maximumRecordAgeSeconds: 86400,
  bisectBatchOnFunctionError: true,
  reportBatchItemFailures: false,
  /**
   * Applications and their outbox emails, created, changed or removed: what the dashboard
   * counts. Everything else on the stream (guards, matches, runs, the aggregate itself) is not.
   */
  filterPattern: {
    dynamodb: {
      Keys: {
        pk: { S: [{ prefix: 'APPLICATION#' }] },
        sk: { S: ['APPLICATION', { prefix: 'EMAIL#' }] },
      },
    },
  },
} as const;
