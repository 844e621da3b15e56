import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { EMAIL_STREAM_MAPPING } from '../email-stream.js';
import type { StreamInvoker } from './stream-batches.js';
import { startStreamPoller } from './stream-poller.js';

type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>;

/**
 * `npm start` and the tests: the table's stream drives the email sender's handler module,
 * as the stack's event source mapping does (the same settings, from infra/email-stream.ts).
 * The environment must already point at the local stand-ins.
 */
export function startEmailStream(options: {
  load: () => Promise<StreamHandler>;
  dataDir: string;
  onError?: (error: unknown) => void;
}) {
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const region = process.env.AWS_REGION;
  const invoke: StreamInvoker = async (event) => {
    const handler = await options.load();
    return (await handler(event, {
      functionName: EMAIL_STREAM_MAPPING.functionName,
      awsRequestId: `${Date.now()}`,
      getRemainingTimeInMillis: () => 60_000,
    } as Context)) as Awaited<ReturnType<StreamInvoker>>;
  };
  return startStreamPoller({
    dynamoDb: new DynamoDBClient({ endpoint, region }),
    streams: new DynamoDBStreamsClient({ endpoint, region }),
    tableName: process.env.TABLE_NAME ?? '',
    ...EMAIL_STREAM_MAPPING,
    invoke,
    dataDir: options.dataDir,
    onError: options.onError,
  });
}
