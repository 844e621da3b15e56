import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { grantSecretValue } from './secret-value-grant.js';

/**
 * The generated key of the hashes that stand for addresses in the table (the daily quota,
 * the suppression list, the applicant and replay guards). Its own secret, not the applicant
 * links' key: that one is read by the functions that sign links, and a leak of it opens
 * applications; this one, if leaked, only lets a holder of the table test known addresses.
 * Keeping them apart lets each be replaced without touching the other's data.
 */
export class AddressHashing extends Construct {
  private readonly key: Secret;

  constructor(scope: Construct, id: string, props: { production: boolean }) {
    super(scope, id);
    this.key = new Secret(this, 'AddressHashKey', {
      description: 'Keys the hashes of mentoring applicants’ addresses kept in the table',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      // Every suppression item and applicant guard is keyed with it: in production, deleting
      // the stack or replacing the secret leaves it in Secrets Manager, so they can be found.
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.key).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'An HMAC key for lookups: rotating it would orphan every suppression item and applicant guard keyed with it (addresses that bounced would be written to again).',
    });
  }

  /** Lets a function compute address hashes; the value stays out of its environment. */
  bind(fn: LambdaFunction): void {
    fn.addEnvironment('ADDRESS_HASH_KEY_ARN', this.key.secretArn);
    grantSecretValue(this.key, fn);
  }
}
