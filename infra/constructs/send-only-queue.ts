import { Grant } from 'aws-cdk-lib/aws-iam';
import type {
  DestinationConfig,
  DlqDestinationConfig,
  IDestination,
  IEventSourceDlq,
  IFunction,
} from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';

/**
 * A queue Lambda sends what a function failed on to: an asynchronous invocation's
 * on-failure destination, or a stream event source mapping's. CDK's SqsDestination and
 * SqsDlq grant `grantSendMessages` (SendMessage, GetQueueAttributes, GetQueueUrl); Lambda
 * only ever calls SendMessage, on the queue's ARN, so that is all the role gets. The
 * queue must use SQS-managed encryption: a customer-managed key would need a key grant too.
 */
export class SendOnlyQueue implements IDestination, IEventSourceDlq {
  constructor(private readonly queue: IQueue) {}

  bind(_scope: IConstruct, fn: IFunction): DestinationConfig & DlqDestinationConfig {
    Grant.addToPrincipal({
      grantee: fn,
      actions: ['sqs:SendMessage'],
      resourceArns: [this.queue.queueArn],
    });
    return { destination: this.queue.queueArn };
  }
}
