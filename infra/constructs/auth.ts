import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  CfnUserPoolGroup,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The Cognito groups the admin API recognises. */
export const STAFF_GROUPS = {
  staff: 'Program staff: review and update applications.',
  admins: 'Program administrators: also export and erase applications.',
} as const;

/** How long the console's tokens last: short ID tokens, renewed with a rotated refresh token. */
export const CONSOLE_TOKEN_VALIDITY = {
  idToken: Duration.minutes(15),
  refreshToken: Duration.hours(12),
  // A refresh retried within this window (a dropped response) still works once.
  rotationGracePeriod: Duration.seconds(10),
} as const;

/**
 * Staff sign-in: an invitation-only user pool with MFA, the staff groups, an app client
 * for the command line, and Cognito's managed login on a user pool domain for the console.
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: { production: boolean; domainPrefix: string }) {
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
    // Managed login (the newer pages) on a Cognito domain: the console's sign-in.
    this.domain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    new CfnOutput(scope, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(scope, 'SignInDomain', { value: this.domain.baseUrl() });
    new CfnOutput(scope, 'UserPoolClientId', { value: this.client.userPoolClientId });
  }

  /**
   * The console's app client: authorization code with PKCE only (no secret: it runs in the
   * browser), callback and sign-out on the console at `apiUrl`, 15-minute ID tokens and a
   * refresh token rotated on every use and revocable at sign-out. Its managed login pages
   * get Cognito's own look.
   */
  addConsoleClient(apiUrl: string): UserPoolClient {
    const client = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${apiUrl}/console/callback`],
        logoutUrls: [`${apiUrl}/console`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: CONSOLE_TOKEN_VALIDITY.idToken,
      accessTokenValidity: CONSOLE_TOKEN_VALIDITY.idToken,
      refreshTokenValidity: CONSOLE_TOKEN_VALIDITY.refreshToken,
      refreshTokenRotationGracePeriod: CONSOLE_TOKEN_VALIDITY.rotationGracePeriod,
    });
    new CfnManagedLoginBranding(this, 'ConsoleSignInBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    new CfnOutput(this, 'ConsoleClientId', { value: client.userPoolClientId });
    return client;
  }

  /** What the console's page tells its script: the issuer, its client and Cognito's /logout. */
  consoleSettings(client: UserPoolClient): Record<string, string> {
    return {
      // The issuer, as the JWT authorizer checks it (the ProviderURL attribute has no scheme).
      CONSOLE_OIDC_AUTHORITY: `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`,
      CONSOLE_OIDC_CLIENT_ID: client.userPoolClientId,
      CONSOLE_LOGOUT_URL: `${this.domain.baseUrl()}/logout`,
    };
  }
}
