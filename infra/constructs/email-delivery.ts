import { Duration, Validations } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SnsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EMAIL_STREAM_MAPPING } from '../email-stream.js';
import type { Monitoring } from './monitoring.js';
import { SendOnlyQueue } from './send-only-queue.js';
import type { Storage } from './storage.js';
import { mapTableStream } from './table-stream-mapping.js';

/**
 * How emails leave: the table's stream drives the sender through an event source mapping
 * (settings from infra/email-stream.ts, which the local poller plays too), records it gives
 * up on go to an encrypted on-failure queue (the sweeper still sends their emails), and an
 * SES configuration set publishes bounces and complaints to a topic the ses-events function
 * reads; what that function still fails on after Lambda's retries is kept in a queue of its
 * own. Alarms watch both queues and how far behind the stream the sender is.
 */
export class EmailDelivery extends Construct {
  readonly configurationSet: ConfigurationSet;

  constructor(
    scope: Construct,
    id: string,
    props: {
      storage: Storage;
      sender: LambdaFunction;
      sesEvents: LambdaFunction;
      monitoring: Monitoring;
    },
  ) {
    super(scope, id);
    const onFailure = mapTableStream(this, {
      storage: props.storage,
      fn: props.sender,
      mapping: EMAIL_STREAM_MAPPING,
      mappingId: 'EmailStream',
      describedAs: 'stream mapping',
    });

    const key = new Key(this, 'EventsTopicKey', {
      enableKeyRotation: true,
      description: 'Encrypts the SES bounce and complaint topic',
    });
    key.grant(new ServicePrincipal('ses.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const events = new Topic(this, 'SesEvents', {
      displayName: 'Mentoring intake: SES bounces and complaints',
      masterKey: key,
      enforceSSL: true,
    });
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet');
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(events),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    props.sesEvents.addEventSource(new SnsEventSource(events));
    props.storage.bind(props.sesEvents, 'delivery-events');
    // SNS invokes ses-events asynchronously: after Lambda's two retries an event would be
    // dropped, and with it a bounce or complaint whose address would then get more email.
    // An on-failure destination rather than a dead-letter queue: its message carries the
    // SNS event together with the function's error and why Lambda gave up (retries
    // exhausted, or too old), where a dead-letter queue keeps the event alone; and it is
    // set here, beside the subscription, with no change to how Functions builds functions.
    // Unlike the stream's queue, it holds addresses (the bounce notification): 14 days, encrypted.
    const sesEventsFailures = new Queue(this, 'SesEventsOnFailure', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(sesEventsFailures).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        'This queue is itself the on-failure destination of the ses-events function: it holds the bounce and complaint events Lambda gave up on, and nothing consumes it but people.',
    });
    props.sesEvents.configureAsyncInvoke({ onFailure: new SendOnlyQueue(sesEventsFailures) });

    props.monitoring.alarm(
      'EmailsOnFailureQueue',
      onFailure.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      'Stream records went to the on-failure queue: the sweeper sends their emails; look at why.',
    );
    props.monitoring.alarm(
      'SesEventsOnFailureQueue',
      sesEventsFailures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      'A bounce or complaint could not be recorded: its address is not suppressed. The queue holds the SNS event and the error.',
    );
    props.monitoring.alarm(
      'EmailStreamBehind',
      props.sender.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(5) }),
      'The email sender is more than 5 minutes behind the table stream.',
      5 * 60 * 1000,
    );
  }
}
