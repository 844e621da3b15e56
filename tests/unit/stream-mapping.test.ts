import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { EMAIL_STREAM_MAPPING } from '../../infra/email-stream.js';
import { matchesFilter } from '../../infra/local/event-filter.js';
import {
  deliverStreamBatch,
  type OnFailureRecord,
  type RetryBehaviour,
  type StreamInvoker,
} from '../../infra/local/stream-batches.js';

const NOW = new Date('2026-03-20T17:00:00Z');

function record(sequence: number, sk = 'EMAIL#confirmation', ageSeconds = 0): DynamoDBRecord {
  return {
    eventName: 'INSERT',
    dynamodb: {
      Keys: { pk: { S: `APPLICATION#${sequence}` }, sk: { S: sk } },
      SequenceNumber: String(100 + sequence),
      ApproximateCreationDateTime: NOW.getTime() / 1000 - ageSeconds,
    },
  };
}

/** Plays the mapping over `records` with `invoke`, and says what the function saw and what failed. */
async function play(
  records: DynamoDBRecord[],
  invoke: StreamInvoker,
  overrides: Partial<RetryBehaviour> = {},
) {
  const invocations: string[][] = [];
  const failures: OnFailureRecord[] = [];
  await deliverStreamBatch(records, {
    ...EMAIL_STREAM_MAPPING,
    ...overrides,
    invoke: async (event) => {
      invocations.push(event.Records.map((each) => each.dynamodb?.SequenceNumber ?? ''));
      return invoke(event);
    },
    onFailure: async (failure) => {
      failures.push(failure);
    },
    shardId: 'shard-1',
    streamArn: 'arn:stream',
    now: () => NOW,
  });
  return { invocations, failures };
}

describe('the email stream filter', () => {
  it('passes new outbox emails only: not applications, not updates, not removals', () => {
    const pattern = EMAIL_STREAM_MAPPING.filterPattern;

    expect(matchesFilter(pattern, record(1))).toBe(true);
    expect(matchesFilter(pattern, record(1, 'EMAIL#staffNotification'))).toBe(true);
    expect(matchesFilter(pattern, record(1, 'APPLICATION'))).toBe(false);
    expect(matchesFilter(pattern, { ...record(1), eventName: 'MODIFY' })).toBe(false);
    expect(matchesFilter(pattern, { ...record(1), eventName: 'REMOVE' })).toBe(false);
    expect(matchesFilter(pattern, { eventName: 'INSERT' })).toBe(false);
  });
});

describe('the local event source mapping', () => {
  it('invokes once with the batch when the function succeeds', async () => {
    const { invocations, failures } = await play([record(1), record(2)], async () => ({
      batchItemFailures: [],
    }));

    expect(invocations).toEqual([['101', '102']]);
    expect(failures).toEqual([]);
  });

  it('retries from the lowest failed sequence number on a partial failure', async () => {
    let calls = 0;
    const { invocations } = await play([record(1), record(2), record(3)], async () =>
      ++calls === 1
        ? { batchItemFailures: [{ itemIdentifier: '103' }, { itemIdentifier: '102' }] }
        : undefined,
    );

    expect(invocations).toEqual([
      ['101', '102', '103'],
      ['102', '103'],
    ]);
  });

  it('bisects a batch on a function error, without using up retries, down to the record that fails', async () => {
    const { invocations, failures } = await play(
      [record(1), record(2), record(3), record(4)],
      async (event) => {
        if (event.Records.some((each) => each.dynamodb?.SequenceNumber === '103')) {
          throw new Error('poison');
        }
        return undefined;
      },
      { maximumRetryAttempts: 1 },
    );

    expect(invocations).toEqual([
      ['101', '102', '103', '104'],
      ['101', '102'],
      ['103', '104'],
      ['103'],
      ['103'],
      ['104'],
    ]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 2 },
      DDBStreamBatchInfo: {
        shardId: 'shard-1',
        startSequenceNumber: '103',
        endSequenceNumber: '103',
        batchSize: 1,
        streamArn: 'arn:stream',
      },
    });
  });

  it('gives a batch up after its retries, with an on-failure record, and carries on', async () => {
    const { invocations, failures } = await play(
      [record(1)],
      async () => ({ batchItemFailures: [{ itemIdentifier: '101' }] }),
      { maximumRetryAttempts: 3 },
    );

    expect(invocations).toHaveLength(4);
    expect(failures.map((failure) => failure.requestContext.condition)).toEqual([
      'RetryAttemptsExhausted',
    ]);
  });

  it('sends a record older than the maximum age to the on-failure destination without invoking', async () => {
    const { invocations, failures } = await play(
      [record(1, 'EMAIL#confirmation', EMAIL_STREAM_MAPPING.maximumRecordAgeSeconds + 60)],
      async () => undefined,
    );

    expect(invocations).toEqual([]);
    expect(failures[0]?.requestContext.condition).toBe('RecordAgeExceeded');
  });
});
