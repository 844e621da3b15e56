import { Aws, Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { LOG_EVENTS } from '../../shared/platform/observability/log-events.js';
import {
  METRIC_NAMES,
  METRIC_NAMESPACE,
} from '../../shared/platform/observability/metric-names.js';

/** Alarms that email program staff: server errors, function errors and throttles, failed confirmations. */
export class Monitoring extends Construct {
  readonly topic: Topic;

  constructor(
    scope: Construct,
    id: string,
    props: {
      staffEmail: string;
      httpApi: HttpApi;
      functions: ReadonlyMap<string, LambdaFunction>;
      /** The log groups of the functions that send email (the stream sender, the sweeper). */
      emailLogGroups: readonly ILogGroup[];
    },
  ) {
    super(scope, id);
    // A customer-managed key: CloudWatch cannot publish to a topic under the AWS-managed SNS key.
    const key = new Key(this, 'AlarmTopicKey', {
      enableKeyRotation: true,
      description: 'Encrypts the mentoring intake alarm topic',
    });
    key.grant(
      new ServicePrincipal('cloudwatch.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey*',
    );
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: 'Mentoring intake alarms',
      masterKey: key,
      enforceSSL: true,
    });
    // enforceSSL gives the topic a policy of its own, which replaces SNS's default one: without
    // this statement nothing may publish, and every alarm's action fails. Only this account's
    // alarms, in this region, may use it (the confused-deputy conditions AWS documents).
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowThisAccountsAlarms',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
          },
        },
      }),
    );
    this.topic.addSubscription(new EmailSubscription(props.staffEmail));

    this.alarm(
      'ApiServerErrors',
      props.httpApi.metricServerError({ period: Duration.minutes(5) }),
      'The API answered 5xx: applicants may be unable to apply.',
    );
    for (const [name, fn] of props.functions) {
      this.alarm(
        `${name}-errors`,
        fn.metricErrors({ period: Duration.minutes(5) }),
        `The ${name} function failed.`,
      );
      this.alarm(
        `${name}-throttles`,
        fn.metricThrottles({ period: Duration.minutes(5) }),
        `The ${name} function was throttled: requests were refused.`,
      );
    }

    // One metric, counted from every sender's log group.
    for (const [index, logGroup] of props.emailLogGroups.entries()) {
      new MetricFilter(this, `ConfirmationFailures${index}`, {
        logGroup,
        filterPattern: FilterPattern.stringValue('$.message', '=', LOG_EVENTS.confirmationNotSent),
        metricNamespace: METRIC_NAMESPACE,
        metricName: METRIC_NAMES.confirmationFailures,
        metricValue: '1',
      });
    }
    this.alarm(
      'ConfirmationsFailing',
      new Metric({
        namespace: METRIC_NAMESPACE,
        metricName: METRIC_NAMES.confirmationFailures,
        statistic: 'Sum',
        period: Duration.minutes(15),
      }),
      'Confirmation emails are failing: applications are saved, but applicants are not told.',
    );
    this.alarm(
      'ConfirmationsGaveUp',
      new Metric({
        namespace: METRIC_NAMESPACE,
        metricName: METRIC_NAMES.confirmationsGaveUp,
        dimensionsMap: { service: 'mentoring-intake' },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      'A confirmation failed five times and will not be sent: contact the applicant by hand.',
    );
    this.alarm(
      'StaffAddressDeliveryProblems',
      new Metric({
        namespace: METRIC_NAMESPACE,
        metricName: METRIC_NAMES.staffAddressProblems,
        dimensionsMap: { service: 'mentoring-intake' },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      'The staff address bounced or complained: staff summaries and notices still go to it, but may not arrive. Check the mailbox and its filters.',
    );
  }

  /** An alarm that emails staff when the metric reaches `threshold` (1 by default). */
  alarm(id: string, metric: IMetric | Metric, description: string, threshold = 1): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
  }
}
