import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { grantSecretValue } from './secret-value-grant.js';

/**
 * The generated key that signs each applicant's link to their own application. Its own
 * secret, not the form key's: a leaked form key only weakens spam defence, while this one
 * opens applications, so only the functions that sign or check links may read it.
 */
export class ApplicantLinks extends Construct {
  private readonly key: Secret;

  constructor(scope: Construct, id: string, props: { production: boolean }) {
    super(scope, id);
    this.key = new Secret(this, 'ApplicantLinkKey', {
      description: "Signs the link in each mentoring applicant's confirmation email",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      // Every emailed link is signed with it: in production, deleting the stack or replacing
      // the secret leaves it in Secrets Manager, so the links can be made to work again.
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.key).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'An HMAC key for links that expire 90 days after each application; rotating it would break every link already emailed. Replace it (breaking the links) only if it may have leaked.',
    });
  }

  /** Lets a function sign or check applicants' links; the value stays out of its environment. */
  bind(fn: LambdaFunction): void {
    fn.addEnvironment('APPLICANT_LINK_SECRET_ARN', this.key.secretArn);
    grantSecretValue(this.key, fn);
  }
}
