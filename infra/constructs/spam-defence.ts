import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { grantSecretValue } from './secret-value-grant.js';

/**
 * The secrets behind the spam defences: a generated key that signs each form's render time,
 * and optionally an existing Turnstile secret. Functions get their ARNs, never the values,
 * and read them once per container.
 */
export class SpamDefence extends Construct {
  private readonly formSigningKey: Secret;
  private readonly turnstileSecret?: ISecret;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: {
      production: boolean;
      turnstile?: { siteKey: string; secretArn: string };
    },
  ) {
    super(scope, id);
    this.formSigningKey = new Secret(this, 'FormSigningKey', {
      description: 'Signs the time each mentoring application form was rendered',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      // Every open form carries a token signed with it: in production, deleting the stack or
      // replacing the secret leaves it in Secrets Manager, where it can be restored.
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.formSigningKey).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'An HMAC key that only proves a form was rendered 3 s before it was posted; a leak weakens spam defence, not data. Rotating it would reject every form open at that moment, so rotate by replacing the secret in a quiet hour.',
    });
    if (props.turnstile) {
      this.turnstileSecret = Secret.fromSecretCompleteArn(
        this,
        'TurnstileSecret',
        props.turnstile.secretArn,
      );
    }
  }

  /** Lets a function sign or check form tokens (and check Turnstile, if configured). */
  bind(fn: LambdaFunction): void {
    fn.addEnvironment('FORM_SIGNING_SECRET_ARN', this.formSigningKey.secretArn);
    grantSecretValue(this.formSigningKey, fn);
    if (this.turnstileSecret && this.props.turnstile) {
      fn.addEnvironment('TURNSTILE_SECRET_ARN', this.turnstileSecret.secretArn);
      fn.addEnvironment('TURNSTILE_SITE_KEY', this.props.turnstile.siteKey);
      grantSecretValue(this.turnstileSecret, fn);
    }
  }
}
