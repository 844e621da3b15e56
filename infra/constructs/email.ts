import { Arn, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { EmailIdentity, type IConfigurationSet, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/** The SES domain identity confirmations are sent from, with Easy DKIM. */
export class Email extends Construct {
  readonly identityArn: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: { senderDomain: string; senderEmail: string; staffEmail: string },
  ) {
    super(scope, id);
    // Easy DKIM is the default for a domain identity: SES gives three CNAME records to publish.
    const identity = new EmailIdentity(this, 'SenderDomain', {
      identity: Identity.domain(props.senderDomain),
    });
    this.identityArn = Arn.format(
      { service: 'ses', resource: 'identity', resourceName: identity.emailIdentityName },
      Stack.of(this),
    );
  }

  /**
   * Lets a function send as the program's sender address, from the domain identity only,
   * through the configuration set that reports bounces and complaints.
   */
  bindSender(fn: LambdaFunction, configurationSet: IConfigurationSet): void {
    fn.addEnvironment('SENDER_EMAIL', `LACMA Mentoring Program <${this.props.senderEmail}>`);
    fn.addEnvironment('STAFF_EMAIL', this.props.staffEmail);
    fn.addEnvironment('SES_CONFIGURATION_SET', configurationSet.configurationSetName);
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        // SendRawEmail for an email with an attachment (a letter of recognition's PDF).
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        // SES authorises a send against the identity and the configuration set it names.
        resources: [
          this.identityArn,
          Arn.format(
            {
              service: 'ses',
              resource: 'configuration-set',
              resourceName: configurationSet.configurationSetName,
            },
            Stack.of(this),
          ),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': this.props.senderEmail } },
      }),
    );
  }
}
