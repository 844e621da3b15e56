import { Duration, Validations } from 'aws-cdk-lib';
import { type Function as LambdaFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TALLY_STREAM_MAPPING } from '../tally-stream.js';
import { SendOnlyQueue } from './send-only-queue.js';
import type { Storage } from './storage.js';

/**
 * The dashboard's aggregate: the table's stream drives the aggregator through an event
 * source mapping (settings from infra/tally-stream.ts, which the local poller plays too);
 * records it gives up on go to an encrypted queue, to be recounted by hand.
 */
export class DashboardTally extends Construct {
  constructor(scope: Construct, id: string, props: { storage: Storage; tally: LambdaFunction }) {
    super(scope, id);
    const onFailure = new Queue(this, 'OnFailure', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(onFailure).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter destination of the tally mapping: it holds the records Lambda gave up on, and nothing consumes it but people.',
    });
    props.storage.bindStream(props.tally);
    props.storage.bind(props.tally, 'tally');
    const mapping = TALLY_STREAM_MAPPING;
    const streamArn = props.storage.table.tableStreamArn;
    if (!streamArn) throw new Error('The table has no stream');
    props.tally.addEventSourceMapping('TallyStream', {
      eventSourceArn: streamArn,
      startingPosition: StartingPosition[mapping.startingPosition],
      batchSize: mapping.batchSize,
      parallelizationFactor: mapping.parallelizationFactor,
      maxBatchingWindow: Duration.seconds(mapping.maximumBatchingWindowInSeconds),
      retryAttempts: mapping.maximumRetryAttempts,
      maxRecordAge: Duration.seconds(mapping.maximumRecordAgeSeconds),
      bisectBatchOnError: mapping.bisectBatchOnFunctionError,
      reportBatchItemFailures: mapping.reportBatchItemFailures,
      onFailure: new SendOnlyQueue(onFailure),
      filters: [{ pattern: JSON.stringify(mapping.filterPattern) }],
    });
  }
}
