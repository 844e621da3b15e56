import { Duration, Validations } from 'aws-cdk-lib';
import { type Function as LambdaFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SendOnlyQueue } from './send-only-queue.js';
import type { Storage } from './storage.js';

/** A stream mapping's settings, as infra/email-stream.ts and infra/tally-stream.ts give them. */
export interface TableStreamMappingSettings {
  startingPosition: keyof typeof StartingPosition;
  batchSize: number;
  parallelizationFactor: number;
  maximumBatchingWindowInSeconds?: number;
  maximumRetryAttempts: number;
  maximumRecordAgeSeconds: number;
  bisectBatchOnFunctionError: boolean;
  reportBatchItemFailures: boolean;
  filterPattern: unknown;
}

/**
 * Drives `fn` from the table's stream with the mapping's settings (the local poller plays
 * the same ones). What Lambda gives up on goes to an encrypted queue made in `scope` as
 * `OnFailure`, which is returned for alarms.
 */
export function mapTableStream(
  scope: Construct,
  props: {
    storage: Storage;
    fn: LambdaFunction;
    mapping: TableStreamMappingSettings;
    /** The event source mapping's construct id. */
    mappingId: string;
    /** What the queue is the dead-letter destination of, for cdk-nag's acknowledgement. */
    describedAs: string;
  },
): Queue {
  const { mapping } = props;
  const onFailure = new Queue(scope, 'OnFailure', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(onFailure).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SQS3',
    reason: `This queue is itself the dead-letter destination of the ${props.describedAs}: it holds the records Lambda gave up on, and nothing consumes it but people.`,
  });
  props.storage.bindStream(props.fn);
  const streamArn = props.storage.table.tableStreamArn;
  if (!streamArn) throw new Error('The table has no stream');
  props.fn.addEventSourceMapping(props.mappingId, {
    eventSourceArn: streamArn,
    startingPosition: StartingPosition[mapping.startingPosition],
    batchSize: mapping.batchSize,
    parallelizationFactor: mapping.parallelizationFactor,
    ...(mapping.maximumBatchingWindowInSeconds
      ? { maxBatchingWindow: Duration.seconds(mapping.maximumBatchingWindowInSeconds) }
      : {}),
    retryAttempts: mapping.maximumRetryAttempts,
    maxRecordAge: Duration.seconds(mapping.maximumRecordAgeSeconds),
    bisectBatchOnError: mapping.bisectBatchOnFunctionError,
    reportBatchItemFailures: mapping.reportBatchItemFailures,
    // The mapping only ever sends to it: SendMessage, not SqsDlq's GetQueueAttributes/Url.
    onFailure: new SendOnlyQueue(onFailure),
    filters: [{ pattern: JSON.stringify(mapping.filterPattern) }],
  });
  return onFailure;
}
