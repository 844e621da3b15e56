import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { type FilterPattern, matchesFilter } from './event-filter.js';
import {
  deliverStreamBatch,
  type OnFailureRecord,
  type RetryBehaviour,
  type StreamInvoker,
} from './stream-batches.js';

/** The most records one DynamoDB Streams GetRecords call returns. */
const GET_RECORDS_LIMIT = 1000;

/** Where the poller is in each shard: the last sequence number it settled. */
interface Position {
  streamArn: string;
  shards: Record<string, string>;
}

/** What the local poller needs: the mapping's settings, the function, where to keep state. */
export interface StreamPollerOptions extends RetryBehaviour {
  dynamoDb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  tableName: string;
  batchSize: number;
  /** How many batches of one shard are in flight at once (1 to 10). */
  parallelizationFactor: number;
  filterPattern: FilterPattern;
  invoke: StreamInvoker;
  /** Keeps the position (and on-failure records) here, so a restart neither loses nor repeats. */
  dataDir: string;
  pollIntervalMs?: number;
  /**
   * Lambda's batching window: records are gathered this long before an invocation that is
   * not full. Played by reading no more often than that while records keep coming.
   */
  maximumBatchingWindowInSeconds?: number;
  onError?: (error: unknown) => void;
}

/**
 * The records in `lanes` lanes by partition key (the same key always in the same lane, in
 * stream order), as Lambda shards a shard's records across its concurrent batches.
 */
export function lanesOf(
  records: readonly DynamoDBRecord[],
  lanes: number,
  partitionKey: string,
): DynamoDBRecord[][] {
  const result: DynamoDBRecord[][] = Array.from({ length: Math.max(1, lanes) }, () => []);
  for (const record of records) {
    const key = JSON.stringify(record.dynamodb?.Keys?.[partitionKey] ?? '');
    const lane = createHash('sha256').update(key).digest().readUInt32BE(0) % result.length;
    result[lane]?.push(record);
  }
  return result.filter((lane) => lane.length > 0);
}

/** A record of the stream API, in the shape Lambda hands a function (its DynamoDBRecord). */
export function asLambdaRecord(record: _Record): DynamoDBRecord {
  const { dynamodb, ...rest } = record;
  return {
    ...rest,
    dynamodb: {
      ...dynamodb,
      ApproximateCreationDateTime: dynamodb?.ApproximateCreationDateTime
        ? Math.floor(dynamodb.ApproximateCreationDateTime.getTime() / 1000)
        : undefined,
    },
  } as DynamoDBRecord;
}

/**
 * Plays Lambda's DynamoDB stream event source mapping against DynamoDB Local: reads every
 * shard from TRIM_HORIZON (or where it left off), drops records the filter does not pass,
 * invokes the function with batches, retries and bisects as the mapping does, writes an
 * on-failure record for what it gives up on, and checkpoints each shard in DATA_DIR.
 * Returns a function that stops it after the batch in hand.
 */
export function startStreamPoller(options: StreamPollerOptions): () => Promise<void> {
  // One file per table: two tables' pollers may share a DATA_DIR.
  const positionFile = join(options.dataDir, `stream-position-${options.tableName}.json`);
  const onFailureDir = join(options.dataDir, 'stream-on-failure');
  let running = true;
  let position: Position | undefined;
  const iterators = new Map<string, string | undefined>();

  const save = async () => {
    await mkdir(options.dataDir, { recursive: true });
    await writeFile(positionFile, JSON.stringify(position));
  };
  const onFailure = async (record: OnFailureRecord) => {
    await mkdir(onFailureDir, { recursive: true });
    await writeFile(
      join(
        onFailureDir,
        `${record.timestamp.replace(/[:.]/g, '-')}-${record.DDBStreamBatchInfo.startSequenceNumber}.json`,
      ),
      JSON.stringify(record, null, 2),
    );
  };

  let partitionKey = '';
  async function streamArn(): Promise<string> {
    const { Table } = await options.dynamoDb.send(
      new DescribeTableCommand({ TableName: options.tableName }),
    );
    if (!Table?.LatestStreamArn) throw new Error(`Table ${options.tableName} has no stream`);
    partitionKey = Table.KeySchema?.find((key) => key.KeyType === 'HASH')?.AttributeName ?? '';
    return Table.LatestStreamArn;
  }

  async function iteratorFor(arn: string, shardId: string): Promise<string | undefined> {
    const after = position?.shards[shardId];
    const { ShardIterator } = await options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: arn,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  }

  async function pollShard(arn: string, shardId: string): Promise<number> {
    const iterator = iterators.get(shardId) ?? (await iteratorFor(arn, shardId));
    if (!iterator) return 0;
    let output: GetRecordsCommandOutput;
    try {
      // Lambda reads as much as a GetRecords call returns and filters before it batches:
      // the batch size counts the records the function is given, not the records read.
      output = await options.streams.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: GET_RECORDS_LIMIT }),
      );
    } catch (error) {
      // DynamoDB Local can refuse an iterator taken on an empty shard once records arrive
      // (TrimmedDataAccessException) or let it expire: take a new one from the checkpoint.
      iterators.delete(shardId);
      if (error instanceof Error && /Trimmed|Expired/.test(error.name)) return 0;
      throw error;
    }
    const records = (output.Records ?? []).map(asLambdaRecord);
    const wanted = records.filter((record) => matchesFilter(options.filterPattern, record));
    const deliver = (batch: readonly DynamoDBRecord[]) =>
      deliverStreamBatch(batch, {
        ...options,
        onFailure,
        shardId,
        streamArn: arn,
        now: () => new Date(),
        pause: (attempt) => new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt)),
      });
    // As Lambda's parallelization factor does: up to that many batches of the shard at once,
    // each lane holding the records of some partition keys, in order; a page is settled, and
    // the shard checkpointed past it, once every lane has settled its batches.
    await Promise.all(
      lanesOf(wanted, options.parallelizationFactor, partitionKey).map(async (lane) => {
        for (let start = 0; start < lane.length; start += options.batchSize) {
          await deliver(lane.slice(start, start + options.batchSize));
        }
      }),
    );
    // Past what the filter dropped too: those records are never handed to the function.
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (last && position) {
      position.shards[shardId] = last;
      await save();
    }
    // DynamoDB Local can leave an iterator taken on an empty shard blind to records that
    // arrive later (with several stream-enabled tables in one database): after an empty
    // read, take a fresh one from the checkpoint next time.
    iterators.set(shardId, records.length > 0 ? output.NextShardIterator : undefined);
    return records.length;
  }

  const loop = (async () => {
    const arn = await streamArn();
    try {
      const saved = JSON.parse(await readFile(positionFile, 'utf8')) as Position;
      position = saved.streamArn === arn ? saved : { streamArn: arn, shards: {} };
    } catch {
      position = { streamArn: arn, shards: {} };
    }
    while (running) {
      let seen = 0;
      try {
        const { StreamDescription } = await options.streams.send(
          new DescribeStreamCommand({ StreamArn: arn }),
        );
        for (const shard of StreamDescription?.Shards ?? []) {
          if (shard.ShardId) seen += await pollShard(arn, shard.ShardId);
        }
      } catch (error) {
        options.onError?.(error);
      }
      const windowMs = (options.maximumBatchingWindowInSeconds ?? 0) * 1000;
      const wait =
        seen === 0 ? (options.pollIntervalMs ?? 100) : seen < GET_RECORDS_LIMIT ? windowMs : 0;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
  loop.catch((error) => options.onError?.(error));

  return async () => {
    running = false;
    await loop.catch(() => undefined);
  };
}
