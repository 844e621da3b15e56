import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { EMAIL_STREAM_MAPPING } from '../email-stream.js';
import { TALLY_STREAM_MAPPING } from '../tally-stream.js';
import type { FilterPattern } from './event-filter.js';
import type { RetryBehaviour, StreamInvoker } from './stream-batches.js';
import { startStreamPoller } from './stream-poller.js';

type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>;

/** A mapping as infra/ describes it for the stack and the local poller. */
type StreamMapping = RetryBehaviour & {
  functionName: string;
  batchSize: number;
  parallelizationFactor: number;
  maximumBatchingWindowInSeconds?: number;
  filterPattern: FilterPattern;
};

/** The table's stream mappings, each with its function: the sender and the dashboard's tally. */
export const LOCAL_STREAM_MAPPINGS: readonly StreamMapping[] = [
  EMAIL_STREAM_MAPPING,
  TALLY_STREAM_MAPPING,
];

/**
 * `npm start` and the tests: the table's stream drives a function's handler module as the
 * stack's event source mapping does (the same settings, from infra/). The environment must
 * already point at the local stand-ins. Each mapping keeps its own position in DATA_DIR.
 */
export function startMappedStream(
  mapping: StreamMapping,
  options: {
    load: () => Promise<StreamHandler>;
    dataDir: string;
    onError?: (error: unknown) => void;
  },
) {
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const region = process.env.AWS_REGION;
  const invoke: StreamInvoker = async (event) => {
    const handler = await options.load();
    return (await handler(event, {
      functionName: mapping.functionName,
      awsRequestId: `${Date.now()}`,
      getRemainingTimeInMillis: () => 60_000,
    } as Context)) as Awaited<ReturnType<StreamInvoker>>;
  };
  return startStreamPoller({
    dynamoDb: new DynamoDBClient({ endpoint, region }),
    streams: new DynamoDBStreamsClient({ endpoint, region }),
    tableName: process.env.TABLE_NAME ?? '',
    ...mapping,
    invoke,
    dataDir: join(
      options.dataDir,
      mapping.functionName === EMAIL_STREAM_MAPPING.functionName ? '' : mapping.functionName,
    ),
    onError: options.onError,
  });
}

/** Every stream mapping of the stack, each driving its function's module; stops them all. */
export function startLocalStreams(options: {
  load: (functionName: string) => Promise<StreamHandler>;
  dataDir: string;
  onError?: (functionName: string, error: unknown) => void;
}): () => Promise<void> {
  const stops = LOCAL_STREAM_MAPPINGS.map((mapping) =>
    startMappedStream(mapping, {
      load: () => options.load(mapping.functionName),
      dataDir: options.dataDir,
      onError: (error) => options.onError?.(mapping.functionName, error),
    }),
  );
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}
