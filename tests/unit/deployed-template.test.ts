import { describe, expect, it } from 'vitest';
import { dynamoDbIamRequests, sesIamRequests, signerOf } from '../../infra/deployed/aws-calls.js';
import { describeStack, rateToMs } from '../../infra/deployed/deployed-stack.js';
import { checkPermissions, iamPatternMatches } from '../../infra/deployed/permission-check.js';
import { createTemplateResolver } from '../../infra/deployed/template-values.js';

const resolve = createTemplateResolver({
  pseudo: { 'AWS::Region': 'us-west-2', 'AWS::AccountId': '123456789012' },
  resource: (id) =>
    id === 'Table' ? { ref: 'the-table', attributes: { Arn: 'arn:table/the-table' } } : undefined,
});

describe('resolving template values to local ones', () => {
  it('resolves Ref, GetAtt, Join, Sub, Select and Split, nested', () => {
    expect(
      resolve({
        a: { Ref: 'Table' },
        b: { 'Fn::GetAtt': ['Table', 'Arn'] },
        c: { 'Fn::Join': ['', ['https://x.', { Ref: 'AWS::Region' }, '/', { Ref: 'Table' }]] },
        // CloudFormation's own ${…} placeholders, not a JavaScript template.
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation syntax
        d: { 'Fn::Sub': 'arn:${AWS::AccountId}:${Table}:${Table.Arn}' },
        e: { 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] },
      }),
    ).toEqual({
      a: 'the-table',
      b: 'arn:table/the-table',
      c: 'https://x.us-west-2/the-table',
      d: 'arn:123456789012:the-table:arn:table/the-table',
      e: 'b',
    });
  });

  it('fails, naming it, on a reference it has no local value for', () => {
    expect(() => resolve({ Ref: 'Queue' })).toThrow(/Ref Queue/);
    expect(() => resolve({ 'Fn::GetAtt': ['Table', 'StreamArn'] })).toThrow(/Table\.StreamArn/);
    expect(() => resolve({ 'Fn::ImportValue': 'x' })).toThrow(/Fn::ImportValue/);
  });
});

describe('the calls IAM authorizes', () => {
  it('reads the signer and the service from a SigV4 Authorization header', () => {
    expect(
      signerOf(
        'AWS4-HMAC-SHA256 Credential=ASIALOCALFn/20261204/us-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=x',
      ),
    ).toEqual({ accessKeyId: 'ASIALOCALFn', service: 'dynamodb' });
    expect(signerOf(undefined)).toBeUndefined();
  });

  it('authorizes a transaction item by item, each on its table', () => {
    const requests = dynamoDbIamRequests(
      'TransactWriteItems',
      {
        TransactItems: [
          { Put: { TableName: 't' } },
          { Update: { TableName: 't' } },
          { ConditionCheck: { TableName: 't' } },
        ],
      },
      () => undefined,
    );
    expect(requests.map((request) => request.action)).toEqual([
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem',
    ]);
    expect(requests[0]?.resource).toBe('arn:aws:dynamodb:us-west-2:123456789012:table/t');
  });

  it('authorizes a query on the index it names', () => {
    const [query] = dynamoDbIamRequests(
      'Query',
      { TableName: 't', IndexName: 'byDate' },
      () => undefined,
    );
    expect(query?.resource).toBe('arn:aws:dynamodb:us-west-2:123456789012:table/t/index/byDate');
  });

  it('authorizes an SES send on the From domain and the configuration set, with ses:FromAddress', () => {
    const requests = sesIamRequests(
      'SendEmail',
      new URLSearchParams({
        Source: 'Program <no-reply@mail.example.org>',
        ConfigurationSetName: 'set',
      }),
    );
    expect(requests).toEqual([
      {
        action: 'ses:SendEmail',
        resource: 'arn:aws:ses:us-west-2:123456789012:identity/mail.example.org',
        context: { 'ses:FromAddress': 'no-reply@mail.example.org' },
      },
      {
        action: 'ses:SendEmail',
        resource: 'arn:aws:ses:us-west-2:123456789012:configuration-set/set',
        context: { 'ses:FromAddress': 'no-reply@mail.example.org' },
      },
    ]);
  });

  it('matches IAM wildcards, actions without regard to case', () => {
    expect(
      iamPatternMatches('arn:aws:logs:*:*:log-group:x:*', 'arn:aws:logs:r:a:log-group:x:*'),
    ).toBe(true);
    expect(iamPatternMatches('dynamodb:getitem', 'dynamodb:GetItem', true)).toBe(true);
    expect(iamPatternMatches('arn:table/t', 'arn:table/t/index/i')).toBe(false);
  });
});

describe('reading the deployed shape of a template', () => {
  it('reads schedules as intervals, and refuses cron it cannot play', () => {
    expect(rateToMs('rate(5 minutes)')).toBe(300_000);
    expect(rateToMs('rate(1 hour)')).toBe(3_600_000);
    expect(() => rateToMs('cron(0 12 * * ? *)')).toThrow(/rate/);
  });

  it('finds a function’s code through its S3 key, and its async on-failure destination', () => {
    const stack = describeStack(
      {
        Resources: {
          Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: {} },
          Fn: {
            Type: 'AWS::Lambda::Function',
            Properties: {
              Code: { S3Key: 'abc.zip' },
              Handler: 'index.handler',
              Runtime: 'nodejs24.x',
              Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
              Timeout: 10,
            },
            Metadata: { 'aws:cdk:path': 'Stack/Functions/ses-events/Resource' },
          },
          Config: {
            Type: 'AWS::Lambda::EventInvokeConfig',
            Properties: {
              FunctionName: { Ref: 'Fn' },
              DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Q', 'Arn'] } } },
            },
          },
          Role: { Type: 'AWS::IAM::Role', Properties: {} },
        },
      },
      (key) => `/assembly/${key.replace('.zip', '')}`,
    );
    expect(stack.functions).toEqual([
      expect.objectContaining({
        name: 'ses-events',
        assetDir: '/assembly/abc',
        timeoutSeconds: 10,
        memoryMb: 128,
        asyncOnFailure: { 'Fn::GetAtt': ['Q', 'Arn'] },
      }),
    ]);
  });
});

describe('checking calls against a role', () => {
  const stack = describeStack(
    {
      Resources: {
        Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: {} },
        Fn: {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Code: { S3Key: 'fn.zip' },
            Handler: 'index.handler',
            Runtime: 'nodejs24.x',
            Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
          },
        },
        Role: { Type: 'AWS::IAM::Role', Properties: {} },
        Policy: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            Roles: [{ Ref: 'Role' }],
            PolicyDocument: {
              Statement: [
                {
                  Effect: 'Allow',
                  Action: ['dynamodb:GetItem', 'dynamodb:DeleteItem'],
                  Resource: 'arn:aws:dynamodb:us-west-2:123456789012:table/t',
                },
                {
                  Effect: 'Allow',
                  Action: 'ses:SendEmail',
                  Resource: 'arn:aws:ses:us-west-2:123456789012:identity/example.org',
                  Condition: { StringEquals: { 'ses:FromAddress': 'no-reply@example.org' } },
                },
              ],
            },
          },
        },
      },
    },
    () => '/assembly/fn',
  );
  const call = (action: string, resource: string, context?: Record<string, string>) => ({
    caller: 'key',
    service: action.split(':')[0] as string,
    operation: action.split(':')[1] as string,
    iam: [{ action, resource, ...(context ? { context } : {}) }],
  });

  it('allows what the role grants, denies the rest, and lists grants no call used', async () => {
    const { verdicts, unused } = await checkPermissions({
      stack,
      resolve: (value) => value,
      functionOfCaller: () => stack.functions[0],
      calls: [
        call('dynamodb:GetItem', 'arn:aws:dynamodb:us-west-2:123456789012:table/t'),
        call('dynamodb:PutItem', 'arn:aws:dynamodb:us-west-2:123456789012:table/t'),
        call('ses:SendEmail', 'arn:aws:ses:us-west-2:123456789012:identity/example.org', {
          'ses:FromAddress': 'someone-else@example.org',
        }),
      ],
    });

    expect(verdicts.map((verdict) => [verdict.action, verdict.decision])).toEqual([
      ['dynamodb:GetItem', 'Allowed'],
      ['dynamodb:PutItem', 'ImplicitlyDenied'],
      ['ses:SendEmail', 'ImplicitlyDenied'],
    ]);
    expect(unused.map((grant) => grant.action)).toEqual(['dynamodb:DeleteItem', 'ses:SendEmail']);
  });
});
