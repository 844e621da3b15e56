import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { FilterPattern } from '../local/event-filter.js';
import type { StreamInvoker } from '../local/stream-batches.js';
import { startStreamPoller } from '../local/stream-poller.js';
import type { RecordedCall } from './aws-calls.js';
import type { DeployedFunction, DeployedStack } from './deployed-stack.js';
import { callerKeyOf } from './lambda-environment.js';
import type { LambdaService } from './lambda-service.js';
import { LOCAL_ACCOUNT } from './local-resource-values.js';

/** Lambda retries a failed asynchronous invocation twice before giving up on the event. */
const ASYNC_RETRIES = 2;

/** What an asynchronous invocation came to, after Lambda's retries. */
export type AsyncOutcome = { ok: true; result: unknown } | { ok: false; error: unknown };

/**
 * Lambda's asynchronous invocation (EventBridge, SNS): retried twice, then the event goes to
 * the function's on-failure target, which Lambda sends with the function's own role: that
 * call is recorded as the function's.
 */
export function asyncInvoker(options: {
  lambda: LambdaService;
  functionOf: (logicalId: string) => DeployedFunction;
  resolve: (value: unknown) => unknown;
  calls: RecordedCall[];
}) {
  return async (logicalId: string, event: unknown): Promise<AsyncOutcome> => {
    const fn = options.functionOf(logicalId);
    let lastError: unknown;
    for (let attempt = 0; attempt <= ASYNC_RETRIES; attempt++) {
      try {
        return { ok: true, result: await options.lambda.invoke(logicalId, event) };
      } catch (error) {
        lastError = error;
      }
    }
    if (fn.asyncOnFailure) {
      options.calls.push({
        caller: callerKeyOf(fn),
        service: 'sqs',
        operation: 'SendMessage',
        iam: [{ action: 'sqs:SendMessage', resource: String(options.resolve(fn.asyncOnFailure)) }],
      });
    }
    return { ok: false, error: lastError };
  };
}

/**
 * The stack's stream event source mappings, played by the local poller with each mapping's
 * batch size, filter and retry settings. The mapping reads the stream with its function's
 * role, so those reads go through the recording proxy signed with the function's key;
 * finding the local stream's ARN (`plumbing`) is the stand-in's own business.
 */
export function startStreamMappings(options: {
  stack: DeployedStack;
  lambda: LambdaService;
  functionOf: (logicalId: string) => DeployedFunction;
  plumbing: DynamoDBClient;
  proxyEndpoint: string;
  tableName: string;
  dataDir: string;
  onError?: (error: unknown) => void;
}): Array<() => Promise<void>> {
  return options.stack.streamMappings.map((mapping) => {
    const fn = options.functionOf(mapping.functionLogicalId);
    if (mapping.filterPatterns.length !== 1) {
      throw new Error('The local stream mapping plays exactly one filter pattern');
    }
    const invoke: StreamInvoker = async (event: DynamoDBStreamEvent) =>
      (await options.lambda.invoke(fn.logicalId, event)) as Awaited<ReturnType<StreamInvoker>>;
    return startStreamPoller({
      dynamoDb: options.plumbing,
      streams: new DynamoDBStreamsClient({
        endpoint: options.proxyEndpoint,
        region: LOCAL_ACCOUNT.region,
        credentials: {
          accessKeyId: callerKeyOf(fn),
          secretAccessKey: 'local',
          sessionToken: 'local',
        },
      }),
      tableName: options.tableName,
      batchSize: mapping.batchSize,
      parallelizationFactor: mapping.parallelizationFactor,
      maximumBatchingWindowInSeconds: mapping.maximumBatchingWindowInSeconds,
      filterPattern: mapping.filterPatterns[0] as FilterPattern,
      maximumRetryAttempts: mapping.maximumRetryAttempts,
      maximumRecordAgeSeconds: mapping.maximumRecordAgeSeconds,
      bisectBatchOnFunctionError: mapping.bisectBatchOnFunctionError,
      invoke,
      // Each mapping keeps its own position: two on one table must not share a file.
      dataDir: join(options.dataDir, 'streams', fn.logicalId),
      onError: options.onError,
    });
  });
}

/** The event EventBridge sends a rule's target on schedule. */
export function scheduledEvent(ruleLogicalId: string) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT.accountId,
    time: new Date().toISOString(),
    region: LOCAL_ACCOUNT.region,
    resources: [
      `arn:aws:events:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:rule/${ruleLogicalId}`,
    ],
    detail: {},
  };
}

/** The event SNS delivers to a Lambda subscriber. */
export function snsEvent(topicArn: string, message: string) {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: topicArn,
          Subject: null,
          Message: message,
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: 'local',
          SigningCertUrl: 'https://sns.local/cert.pem',
          UnsubscribeUrl: 'https://sns.local/unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}
