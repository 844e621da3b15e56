import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';

/**
 * Lets a function read a secret's value, and nothing else about it: shared/platform/secrets reads
 * each secret with GetSecretValue only, while `grantRead` adds DescribeSecret. The secrets
 * here are under Secrets Manager's AWS-managed key, which needs no key grant.
 */
export function grantSecretValue(secret: ISecret, grantee: IGrantable): Grant {
  return Grant.addToPrincipal({
    grantee,
    actions: ['secretsmanager:GetSecretValue'],
    resourceArns: [secret.secretArn],
  });
}
