import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

/** How a stream's event source mapping retries, as configured for it. */
export interface RetryBehaviour {
  maximumRetryAttempts: number;
  maximumRecordAgeSeconds: number;
  bisectBatchOnFunctionError: boolean;
}

/** What Lambda writes to an on-failure destination for a stream batch it gave up on. */
export interface OnFailureRecord {
  requestContext: {
    condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
    approximateInvokeCount: number;
  };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    batchSize: number;
    streamArn: string;
  };
}

/** The function, as the mapping invokes it: a batch in, partial failures out (or a throw). */
export type StreamInvoker = (
  event: DynamoDBStreamEvent,
) => Promise<{ batchItemFailures?: Array<{ itemIdentifier: string }> } | undefined>;

const sequenceOf = (record: DynamoDBRecord) => record.dynamodb?.SequenceNumber ?? '';

/**
 * Delivers one fetched batch the way Lambda's DynamoDB stream mapping does: a reported
 * partial failure retries from the lowest failed sequence number (the records before it are
 * done); a function error bisects the batch (halves retried separately; bisecting does not
 * use up retries) or, once it cannot, retries it; a batch out of retries, or holding a record
 * older than the maximum age, is handed to `onFailure` and skipped. When it returns, the
 * whole batch is settled and the caller may checkpoint past it.
 */
export async function deliverStreamBatch(
  records: readonly DynamoDBRecord[],
  options: RetryBehaviour & {
    invoke: StreamInvoker;
    onFailure: (record: OnFailureRecord) => Promise<void>;
    shardId: string;
    streamArn: string;
    now: () => Date;
    /** Pause between retries (Lambda backs off; tests pass a short one). */
    pause?: (attempt: number) => Promise<void>;
  },
): Promise<void> {
  const pending: Array<{ batch: readonly DynamoDBRecord[]; retries: number }> = [
    { batch: records, retries: 0 },
  ];
  while (pending.length > 0) {
    const current = pending.shift();
    if (!current || current.batch.length === 0) continue;
    const { batch, retries } = current;
    const giveUp = (
      condition: OnFailureRecord['requestContext']['condition'],
      given: readonly DynamoDBRecord[] = batch,
    ) =>
      options.onFailure({
        requestContext: { condition, approximateInvokeCount: retries + 1 },
        version: '1.0',
        timestamp: options.now().toISOString(),
        DDBStreamBatchInfo: {
          shardId: options.shardId,
          startSequenceNumber: sequenceOf(given[0] as DynamoDBRecord),
          endSequenceNumber: sequenceOf(given.at(-1) as DynamoDBRecord),
          batchSize: given.length,
          streamArn: options.streamArn,
        },
      });
    const oldest = Math.min(
      ...batch.map((record) => (record.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000),
    );
    if (options.now().getTime() - oldest > options.maximumRecordAgeSeconds * 1000) {
      await giveUp('RecordAgeExceeded');
      continue;
    }
    let failedFrom: number | undefined;
    let threw = false;
    try {
      const response = await options.invoke({ Records: [...batch] });
      const failed = new Set(
        (response?.batchItemFailures ?? []).map((item) => item.itemIdentifier),
      );
      const index = batch.findIndex((record) => failed.has(sequenceOf(record)));
      failedFrom = index === -1 ? undefined : index;
    } catch {
      threw = true;
    }
    if (!threw && failedFrom === undefined) continue;
    if (threw && options.bisectBatchOnFunctionError && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      pending.unshift(
        { batch: batch.slice(0, half), retries },
        { batch: batch.slice(half), retries },
      );
      continue;
    }
    const rest = threw ? batch : batch.slice(failedFrom);
    if (retries >= options.maximumRetryAttempts) {
      await giveUp('RetryAttemptsExhausted', rest);
      continue;
    }
    await options.pause?.(retries + 1);
    pending.unshift({ batch: rest, retries: retries + 1 });
  }
}
