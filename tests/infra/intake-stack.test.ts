import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_LOG_FIELDS } from '../../infra/constructs/api.js';
import { EMAIL_STREAM_MAPPING } from '../../infra/email-stream.js';
import { compileRoutes } from '../../infra/local/route-matcher.js';
import { ROUTES } from '../../infra/routes.js';
import { CYCLES_PARTITION } from '../../shared/applications/store/cycle-calendar.js';
import { LOG_EVENTS } from '../../shared/platform/observability/log-events.js';
import { KEY_ATTRIBUTES, TABLE_DESIGN } from '../../shared/platform/table/table-design.js';
import { synthesize, TEST_STAGE } from './synth.js';

type Resource = { Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

const FUNCTION_FOLDERS = readdirSync(fileURLToPath(new URL('../../functions/', import.meta.url)), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** A concrete request path for a route template: `{type}` becomes `mentor`. */
const samplePath = (path: string) => path.replace(/\{\w+\}/g, 'mentor');

let dev: ReturnType<typeof synthesize>;
let prod: ReturnType<typeof synthesize>;

beforeAll(() => {
  dev = synthesize();
  prod = synthesize({ stage: 'prod' });
});

function resources(type: string, which = dev): Record<string, Resource> {
  return which.template.findResources(type) as Record<string, Resource>;
}

function lambdaFor(folder: string): Resource {
  const id = `Functions${folder.replaceAll('-', '')}`;
  const match = Object.entries(resources('AWS::Lambda::Function')).find(([logicalId]) =>
    logicalId.startsWith(id),
  );
  if (!match) throw new Error(`no Lambda function for functions/${folder}`);
  return match[1];
}

/** The statements of the policies attached to one function's role. */
function statementsOf(folder: string): Statement[] {
  const role = `Functions${folder.replaceAll('-', '')}role`;
  return Object.values(resources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${role}`))
    .flatMap(
      (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );
}

function policyStatements(): Statement[] {
  return Object.values(resources('AWS::IAM::Policy')).flatMap(
    (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );
}

describe('routes', () => {
  it('deploys every route of the table, public ones without auth', () => {
    const routes = Object.values(resources('AWS::ApiGatewayV2::Route'));

    for (const route of ROUTES) {
      const deployed = routes.find(
        (r) => r.Properties.RouteKey === `${route.method} ${route.path}`,
      );
      expect(deployed, `${route.method} ${route.path}`).toBeDefined();
      expect(deployed?.Properties.AuthorizationType).toBe(
        route.access === 'public' ? 'NONE' : 'JWT',
      );
    }
    expect(routes).toHaveLength(ROUTES.length);
  });

  it('sends the bulk status change to the admin function, behind the JWT authorizer', () => {
    const [route] = Object.values(resources('AWS::ApiGatewayV2::Route')).filter(
      (r) => r.Properties.RouteKey === 'POST /admin/submissions/status-changes',
    );
    const integrationId = /"Ref":"(\w+)"/.exec(JSON.stringify(route?.Properties.Target))?.[1];

    expect(route?.Properties).toMatchObject({
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: expect.stringMatching(/StaffJwt/) },
    });
    expect(
      resources('AWS::ApiGatewayV2::Integration')[integrationId ?? '']?.Properties.IntegrationUri,
    ).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Functionsadmin[0-9A-F]+$/), 'Arn'] });
  });

  it('serves every route of the table from the local gateway', () => {
    const matcher = compileRoutes(ROUTES);

    for (const route of ROUTES) {
      expect(matcher.match(route.method, samplePath(route.path))).toMatchObject({ route });
    }
  });

  it('puts staff routes behind the Cognito JWT authorizer, checking both app clients as audience', () => {
    const { template } = synthesize({
      routes: [
        ...ROUTES,
        { method: 'GET', path: '/admin/probe', functionName: 'health', access: 'staff' },
      ],
    });

    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /admin/probe',
      AuthorizationType: 'JWT',
      AuthorizerId: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [
          { Ref: Match.stringLikeRegexp('AdminApiClient') },
          { Ref: Match.stringLikeRegexp('ConsoleClient') },
        ],
        Issuer: Match.anyValue(),
      },
    });
  });
});

describe('functions', () => {
  it('builds one function per folder in functions/', () => {
    expect(FUNCTION_FOLDERS.length).toBeGreaterThan(0);
    for (const folder of FUNCTION_FOLDERS) expect(lambdaFor(folder)).toBeDefined();
    expect(Object.keys(resources('AWS::Lambda::Function'))).toHaveLength(FUNCTION_FOLDERS.length);
  });

  it('runs each on arm64 and nodejs24.x, with a timeout well under API Gateway’s 30 s', () => {
    for (const fn of Object.values(resources('AWS::Lambda::Function'))) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
      expect(fn.Properties.Timeout).toBeLessThanOrEqual(10);
    }
  });

  it('reserves (and so caps) the intake’s concurrency, and gives it its settings', () => {
    expect(lambdaFor('submit-application').Properties).toMatchObject({
      ReservedConcurrentExecutions: TEST_STAGE.intakeReservedConcurrency,
      Environment: {
        Variables: expect.objectContaining({
          TABLE_NAME: expect.anything(),
          THANK_YOU_URL: TEST_STAGE.thankYouUrl,
        }),
      },
    });
  });

  it('gives the email senders the sender, staff address and configuration set; the intake none', () => {
    for (const name of ['send-emails', 'retry-confirmations']) {
      expect(lambdaFor(name).Properties.Environment).toMatchObject({
        Variables: expect.objectContaining({
          SENDER_EMAIL: `LACMA Mentoring Program <${TEST_STAGE.senderEmail}>`,
          STAFF_EMAIL: TEST_STAGE.staffEmail,
          SES_CONFIGURATION_SET: { Ref: expect.stringMatching(/^EmailDeliveryConfigurationSet/) },
        }),
      });
    }
    expect(JSON.stringify(lambdaFor('submit-application').Properties.Environment)).not.toMatch(
      /SENDER_EMAIL|STAFF_EMAIL/,
    );
  });
});

describe('API', () => {
  it('throttles the stage', () => {
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 15, ThrottlingBurstLimit: 30 },
    });
  });

  it("throttles the applicant's page harder than the stage, on each of its routes, once they exist", () => {
    const [[stageId, stage] = []] = Object.entries(resources('AWS::ApiGatewayV2::Stage'));
    const limit = { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 20 };
    expect(stage?.Properties.RouteSettings).toEqual({
      'GET /my-application': limit,
      'GET /my-application/{action}': limit,
      'POST /my-application/{action}': limit,
      'GET /returning-mentor': limit,
      'POST /returning-mentor': limit,
      'GET /check-in': limit,
      'POST /check-in': limit,
      'GET /evaluation': limit,
      'POST /evaluation': limit,
    });
    const routeIds = Object.entries(resources('AWS::ApiGatewayV2::Route'))
      .filter(([, route]) =>
        /\/(my-application|returning-mentor|check-in|evaluation)/.test(
          String(route.Properties.RouteKey),
        ),
      )
      .map(([id]) => id);
    expect(routeIds).toHaveLength(9);
    expect(stageId && (dev.template.toJSON().Resources[stageId].DependsOn as string[])).toEqual(
      expect.arrayContaining(routeIds),
    );
  });

  it('allows exactly the configured origins', () => {
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: TEST_STAGE.allowedOrigins }),
    });
  });

  it('writes access logs without bodies, headers or tokens', () => {
    const [stage] = Object.values(resources('AWS::ApiGatewayV2::Stage'));
    const settings = stage?.Properties.AccessLogSettings as {
      Format: string;
      DestinationArn: unknown;
    };

    expect(JSON.parse(settings.Format)).toEqual(ACCESS_LOG_FIELDS);
    expect(settings.Format).not.toMatch(/body|authorizer|header|claims/i);
    expect(settings.DestinationArn).toBeDefined();
  });
});

describe('storage', () => {
  it('is one on-demand table with the keys, indexes, TTL, PITR and encryption the code uses', () => {
    dev.template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    dev.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith(
        KEY_ATTRIBUTES.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      ),
      GlobalSecondaryIndexes: Object.entries(TABLE_DESIGN.indexes).map(([indexName, index]) =>
        Match.objectLike({
          IndexName: indexName,
          Projection: { ProjectionType: index.projection },
        }),
      ),
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
      ],
    });
  });

  it('protects the table and the staff pool from deletion in production only', () => {
    const [prodTable] = Object.values(resources('AWS::DynamoDB::GlobalTable', prod));
    const [devTable] = Object.values(resources('AWS::DynamoDB::GlobalTable', dev));

    expect(prodTable?.DeletionPolicy).toBe('Retain');
    expect(prodTable?.Properties.Replicas).toEqual([
      expect.objectContaining({ DeletionProtectionEnabled: true }),
    ]);
    expect(devTable?.DeletionPolicy).toBe('Delete');
    prod.template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
  });
});

describe('emails out of the request path', () => {
  it('gives the table a keys-only stream', () => {
    dev.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      StreamSpecification: { StreamViewType: 'KEYS_ONLY' },
    });
  });

  it('drives the sender from the stream with the settings the local poller plays, and a queue for what fails', () => {
    const mapping = Object.values(resources('AWS::Lambda::EventSourceMapping')).find((each) =>
      JSON.stringify(each.Properties?.FunctionName).includes('"Functionssendemails'),
    );

    expect(mapping?.Properties).toMatchObject({
      FunctionName: { Ref: expect.stringMatching(/^Functionssendemails/) },
      EventSourceArn: {
        'Fn::GetAtt': [expect.stringMatching(/^StorageApplications/), 'StreamArn'],
      },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: EMAIL_STREAM_MAPPING.batchSize,
      ParallelizationFactor: EMAIL_STREAM_MAPPING.parallelizationFactor,
      MaximumRetryAttempts: EMAIL_STREAM_MAPPING.maximumRetryAttempts,
      MaximumRecordAgeInSeconds: EMAIL_STREAM_MAPPING.maximumRecordAgeSeconds,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: {
        Filters: [{ Pattern: JSON.stringify(EMAIL_STREAM_MAPPING.filterPattern) }],
      },
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [expect.stringMatching(/^EmailDeliveryOnFailure/), 'Arn'] },
        },
      },
    });
    dev.template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    dev.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      }),
    });
  });

  it('alarms on the on-failure queue and on the sender falling behind the stream', () => {
    dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
    });
    dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Namespace: 'AWS/Lambda',
      Threshold: 300_000,
    });
  });

  it('publishes bounces and complaints from a configuration set to an encrypted topic the ses-events function reads', () => {
    dev.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: { Ref: Match.stringLikeRegexp('^EmailDeliverySesEvents') } },
      }),
    });
    dev.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: Match.stringLikeRegexp('^EmailDeliverySesEvents') },
    });
    dev.template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'Mentoring intake: SES bounces and complaints',
      KmsMasterKeyId: Match.anyValue(),
    });
  });
});

describe('least privilege', () => {
  it('lets the intake only put, read and update items in the table, and send no email at all', () => {
    const tableStatements = statementsOf('submit-application').filter((s) =>
      String(s.Action).includes('dynamodb:'),
    );

    expect(tableStatements).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^StorageApplications/), 'Arn'] },
      },
    ]);
    expect(JSON.stringify(statementsOf('submit-application'))).not.toContain('ses:');
  });

  it('lets the public form pages query the cycles partition of the table and nothing else', () => {
    const tableStatements = statementsOf('form-pages').filter((s) =>
      String(s.Action).includes('dynamodb:'),
    );

    expect(tableStatements).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^StorageApplications/), 'Arn'] },
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [CYCLES_PARTITION] } },
      },
    ]);
  });

  it.each([
    ['send-emails', []],
    ['retry-confirmations', ['pendingEmails']],
  ])(
    'lets %s read and write items, query only the indexes %j, and send only as the program',
    (name, indexes) => {
      const statements = statementsOf(name);

      expect(statements.filter((s) => String(s.Action).startsWith('dynamodb:Get'))).toEqual([
        {
          Effect: 'Allow',
          Action: [
            'dynamodb:GetItem',
            'dynamodb:BatchGetItem',
            'dynamodb:UpdateItem',
            'dynamodb:PutItem',
          ],
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^StorageApplications/), 'Arn'] },
        },
      ]);
      expect(
        statements
          .filter((s) => JSON.stringify(s.Action).includes('dynamodb:Query'))
          .map((s) => JSON.stringify(s.Resource).match(/\/index\/\w+/g)),
      ).toEqual(indexes.map((index) => [`/index/${index}`]));
      const ses = statements.filter((s) => String(s.Action).includes('ses:'));
      expect(ses).toEqual([
        expect.objectContaining({
          Action: ['ses:SendEmail', 'ses:SendRawEmail'],
          Condition: { StringEquals: { 'ses:FromAddress': TEST_STAGE.senderEmail } },
        }),
      ]);
      expect(JSON.stringify(ses[0]?.Resource)).toMatch(
        /":identity\/",\{"Ref":"EmailSenderDomain\w+"\}/,
      );
      expect(JSON.stringify(ses[0]?.Resource)).toMatch(/configuration-set/);
    },
  );

  it('runs the retry job every five minutes and alarms when a confirmation gives up', () => {
    dev.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Functionsretryconfirmations'), 'Arn'] },
        }),
      ],
    });
    dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'MentoringIntake',
      MetricName: 'ConfirmationsGaveUp',
    });
  });

  it('alarms staff when their own address bounces or complains, and tells the bounce handler which address that is', () => {
    dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'MentoringIntake',
      MetricName: 'StaffAddressDeliveryProblems',
      Dimensions: [{ Name: 'service', Value: 'mentoring-intake' }],
      Threshold: 1,
      AlarmActions: [Match.anyValue()],
    });
    expect(lambdaFor('ses-events').Properties?.Environment).toMatchObject({
      Variables: { STAFF_EMAIL: TEST_STAGE.staffEmail },
    });
  });

  it('lets the admin API read, list and search through its two indexes, update, erase and check an item in a transaction, and send no email', () => {
    const statements = statementsOf('admin').filter((s) => String(s.Action).includes('dynamodb:'));

    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: [
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
          'dynamodb:PutItem',
          'dynamodb:DeleteItem',
          'dynamodb:ConditionCheckItem',
        ],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^StorageApplications/), 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: [
          {
            'Fn::Join': [
              '',
              [
                { 'Fn::GetAtt': [expect.stringMatching(/^StorageApplications/), 'Arn'] },
                '/index/byDate',
              ],
            ],
          },
          {
            'Fn::Join': [
              '',
              [
                { 'Fn::GetAtt': [expect.stringMatching(/^StorageApplications/), 'Arn'] },
                '/index/byName',
              ],
            ],
          },
        ],
      },
    ]);
    expect(JSON.stringify(statementsOf('admin'))).not.toContain('ses:');
  });

  it('lets matching read the pool through byDate, keep runs (reading their register) and settings, and approve and end matches, and send no email', () => {
    const statements = statementsOf('matching').filter((s) =>
      String(s.Action).includes('dynamodb:'),
    );

    expect(statements).toEqual([
      expect.objectContaining({
        Action: [
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:Query',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
        ],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^StorageApplications/), 'Arn'] },
      }),
      expect.objectContaining({
        Action: 'dynamodb:Query',
        Resource: {
          'Fn::Join': [
            '',
            [
              { 'Fn::GetAtt': [expect.stringMatching(/^StorageApplications/), 'Arn'] },
              '/index/byDate',
            ],
          ],
        },
      }),
    ]);
    expect(JSON.stringify(statementsOf('matching'))).not.toContain('ses:');
    expect(lambdaFor('matching').Properties.MemorySize).toBe(1024);
  });

  const secretReaders = (secretIdPrefix: string) =>
    FUNCTION_FOLDERS.filter((folder) =>
      statementsOf(folder).some(
        (s) =>
          String(s.Action).includes('secretsmanager:GetSecretValue') &&
          JSON.stringify(s.Resource).includes(secretIdPrefix),
      ),
    );

  it('lets only the intake and the form pages read the form-signing key, by ARN, never its value', () => {
    const readers = secretReaders('SpamDefenceFormSigningKey');

    expect(readers.sort()).toEqual(['form-pages', 'submit-application']);
    for (const folder of readers) {
      const variables = (
        lambdaFor(folder).Properties.Environment as { Variables: Record<string, unknown> }
      ).Variables;
      expect(variables.FORM_SIGNING_SECRET_ARN).toEqual({
        Ref: expect.stringMatching(/^SpamDefenceFormSigningKey/),
      });
      expect(variables).not.toHaveProperty('FORM_SIGNING_SECRET');
    }
    expect(
      (lambdaFor('form-pages').Properties.Environment as { Variables: Record<string, unknown> })
        .Variables,
    ).toMatchObject({
      ALLOWED_ORIGINS: TEST_STAGE.allowedOrigins.join(','),
    });
  });

  it("lets only the pages of signed links (the applicant's, the returning mentor's, the check-in, the evaluation) and the two senders read the applicant-link key, and gives the senders the API's address", () => {
    const readers = secretReaders('ApplicantLinksApplicantLinkKey');
    expect(readers.sort()).toEqual([
      'check-in',
      'evaluation',
      'my-application',
      'retry-confirmations',
      'returning-mentor',
      'send-emails',
    ]);
    for (const folder of readers) {
      const variables = (
        lambdaFor(folder).Properties.Environment as { Variables: Record<string, unknown> }
      ).Variables;
      expect(variables.APPLICANT_LINK_SECRET_ARN).toEqual({
        Ref: expect.stringMatching(/^ApplicantLinksApplicantLinkKey/),
      });
      expect(variables).not.toHaveProperty('APPLICANT_LINK_SECRET');
      if (!['my-application', 'returning-mentor', 'check-in', 'evaluation'].includes(folder)) {
        expect(JSON.stringify(variables.PUBLIC_BASE_URL)).toContain('ApiHttpApi');
      }
    }
  });

  it('lets exactly the functions that hash addresses read the address-hash key, by ARN, never its value', () => {
    const readers = secretReaders('AddressHashingAddressHashKey');
    expect(readers.sort()).toEqual([
      'admin',
      'matching',
      'my-application',
      'retry-confirmations',
      'returning-mentor',
      'send-emails',
      'ses-events',
      'submit-application',
    ]);
    for (const folder of readers) {
      const variables = (
        lambdaFor(folder).Properties.Environment as { Variables: Record<string, unknown> }
      ).Variables;
      expect(variables.ADDRESS_HASH_KEY_ARN).toEqual({
        Ref: expect.stringMatching(/^AddressHashingAddressHashKey/),
      });
      expect(variables).not.toHaveProperty('ADDRESS_HASH_KEY');
    }
  });

  it("gives the applicant's page the table by key only: no index, no scan, no transaction-wide grant", () => {
    const table = statementsOf('my-application').filter((s) =>
      String(s.Action).includes('dynamodb:'),
    );
    expect(table).toHaveLength(1);
    expect([table[0]?.Action].flat().sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(JSON.stringify(table[0]?.Resource)).not.toContain('/index/');
  });

  it('grants nothing on every resource and uses no managed policies', () => {
    for (const statement of policyStatements()) {
      expect(statement.Resource).not.toBe('*');
      expect([statement.Action].flat().some((action) => action.endsWith(':*'))).toBe(false);
    }
    for (const role of Object.values(resources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('lets functions that touch nothing else write only their own logs', () => {
    for (const folder of ['form-schema', 'thank-you', 'health']) {
      const statements = policyStatements().filter((s) =>
        JSON.stringify(s.Resource).includes(`Functions${folder.replaceAll('-', '')}logs`),
      );
      expect(statements).toEqual([
        expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
      ]);
    }
  });
});

describe('email and staff sign-in', () => {
  it('verifies the sender domain with Easy DKIM', () => {
    dev.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: TEST_STAGE.senderDomain,
      DkimAttributes: Match.absent(),
    });
  });

  it('has an invitation-only staff pool with MFA, a strong password policy and the two groups', () => {
    dev.template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireSymbols: true }) },
    });
    for (const group of ['staff', 'admins']) {
      dev.template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
    }
    dev.template.hasOutput('UserPoolId', {});
    dev.template.hasOutput('UserPoolClientId', {});
    dev.template.hasOutput('ApiUrl', {});
  });

  it('gives the CLI app client no OAuth flows and no callback URLs (it signs in with the API)', () => {
    const clients = Object.values(resources('AWS::Cognito::UserPoolClient'));
    const cli = clients.find((client) =>
      (client.Properties.ExplicitAuthFlows as string[] | undefined)?.includes(
        'ALLOW_USER_PASSWORD_AUTH',
      ),
    );

    expect(cli?.Properties).toBeDefined();
    expect(cli?.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(cli?.Properties.CallbackURLs).toBeUndefined();
    expect(cli?.Properties.AllowedOAuthFlowsUserPoolClient ?? false).toBe(false);
  });
});

describe('monitoring', () => {
  it('alarms staff by email on 5xx, function errors and throttles, and failing confirmations', () => {
    dev.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: TEST_STAGE.staffEmail,
    });
    const alarms = Object.values(resources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const metrics = alarms.map((a) => a.MetricName);

    expect(metrics).toContain('5xx');
    expect(metrics.filter((m) => m === 'Errors')).toHaveLength(FUNCTION_FOLDERS.length);
    expect(metrics.filter((m) => m === 'Throttles')).toHaveLength(FUNCTION_FOLDERS.length);
    expect(metrics).toContain('ConfirmationFailures');
    for (const alarm of alarms) expect(alarm.AlarmActions).toHaveLength(1);
    dev.template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: `{ $.message = "${LOG_EVENTS.confirmationNotSent}" }`,
    });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding, and every acknowledgement says why', () => {
    for (const which of [dev, prod]) {
      const [awsSolutions] = which.nag;
      expect(awsSolutions?.pluginName).toBe('AwsSolutions');
      expect(awsSolutions?.violations).toEqual([]);
      for (const acknowledged of awsSolutions?.suppressedViolations ?? []) {
        expect(acknowledged.reason?.length ?? 0).toBeGreaterThan(40);
      }
    }
  });
});

describe('staff console sign-in', () => {
  const consoleClient = () => {
    const [client, ...others] = Object.values(resources('AWS::Cognito::UserPoolClient')).filter(
      (candidate) => candidate.Properties.AllowedOAuthFlowsUserPoolClient === true,
    );
    expect(others).toHaveLength(0);
    return client?.Properties ?? {};
  };

  it('runs Cognito managed login on a user pool domain named by the stage', () => {
    dev.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'lacma-mentoring-dev',
      ManagedLoginVersion: 2,
    });
    dev.template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      UseCognitoProvidedValues: true,
      ClientId: { Ref: Match.stringLikeRegexp('ConsoleClient') },
    });
    dev.template.hasOutput('SignInDomain', {});
  });

  it('gives the console a public client with the code flow only, its URLs on the API, short ID tokens and rotated, revocable refresh tokens', () => {
    const client = consoleClient();
    const onApi = (path: string) => [
      {
        'Fn::Join': [
          '',
          [{ 'Fn::GetAtt': [Match.stringLikeRegexp('HttpApi'), 'ApiEndpoint'] }, path],
        ],
      },
    ];

    expect(client).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      GenerateSecret: false,
      EnableTokenRevocation: true,
      IdTokenValidity: 15,
      RefreshTokenRotation: { Feature: 'ENABLED' },
      SupportedIdentityProviders: ['COGNITO'],
      TokenValidityUnits: { IdToken: 'minutes' },
    });
    dev.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: onApi('/console/callback'),
      LogoutURLs: onApi('/console'),
    });
    // Refresh only through the token endpoint, with rotation: no password or SRP sign-in.
    expect(client.ExplicitAuthFlows ?? []).toEqual([]);
  });

  it('tells the console function the issuer the authorizer checks, its client and the domain’s /logout', () => {
    const variables = (lambdaFor('console').Properties.Environment as { Variables: object })
      .Variables;
    const ref = (pattern: RegExp) => ({ Ref: expect.stringMatching(pattern) });
    expect(variables).toMatchObject({
      CONSOLE_OIDC_CLIENT_ID: ref(/ConsoleClient/),
      CONSOLE_OIDC_AUTHORITY: {
        'Fn::Join': [
          '',
          ['https://cognito-idp.', expect.anything(), '.amazonaws.com/', ref(/StaffUsers/)],
        ],
      },
      CONSOLE_LOGOUT_URL: {
        'Fn::Join': [
          '',
          ['https://', ref(/SignIn/), '.auth.', expect.anything(), '.amazoncognito.com/logout'],
        ],
      },
    });
  });

  it('lets the console function write its logs and nothing else', () => {
    expect(statementsOf('console').map((statement) => statement.Action)).toEqual([
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
    ]);
  });
});
