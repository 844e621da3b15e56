import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The Cognito groups the admin API recognises. */
export const STAFF_GROUPS = {
  staff: 'Program staff: review and update applications.',
  admins: 'Program administrators: also export and erase applications.',
} as const;

/** Staff sign-in: an invitation-only user pool with MFA, the staff groups and an app client. */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: { production: boolean }) {
    super(scope, id);
    this.userPool = new UserPool(this, 'StaffUsers', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: props.production,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions::AwsSolutions-COG8',
      reason:
        'A handful of invited staff with required TOTP MFA and a 14-character password policy; the Plus tier adds a per-user charge for threat protection this pool does not need yet.',
    });
    for (const [groupName, description] of Object.entries(STAFF_GROUPS)) {
      new CfnUserPoolGroup(this, `${groupName}-group`, {
        userPoolId: this.userPool.userPoolId,
        groupName,
        description,
      });
    }
    this.client = this.userPool.addClient('AdminApiClient', {
      // USER_PASSWORD_AUTH lets staff get a token from the AWS CLI (README); MFA still applies.
      authFlows: { userSrp: true, userPassword: true },
      // No hosted sign-in for the CLI: without this CDK enables the implicit and code flows
      // with the callback https://example.com.
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    new CfnOutput(scope, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(scope, 'UserPoolClientId', { value: this.client.userPoolClientId });
  }
}
