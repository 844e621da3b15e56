import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { synthesize, TEST_STAGE } from './synth.js';

/**
 * Checks on the synthesized template that cdk-nag does not make: what AWS will refuse or
 * lose at run time although the deploy succeeds (alarms that cannot publish, events dropped
 * after retries), and what a role may do beyond what its function's code calls.
 */

type Resource = {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};
type Statement = {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: unknown;
};
type PolicyDocument = { Statement: Statement[] };

let stages: Record<'dev' | 'prod', Record<string, Resource>>;

beforeAll(() => {
  stages = {
    dev: synthesize().template.toJSON().Resources,
    prod: synthesize({ stage: 'prod' }).template.toJSON().Resources,
  };
});

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The logical id a `Ref` or `Fn::GetAtt` points at. */
function targetOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if ('Ref' in value && typeof value.Ref === 'string') return value.Ref;
  if ('Fn::GetAtt' in value && Array.isArray(value['Fn::GetAtt'])) {
    const [id] = value['Fn::GetAtt'];
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

/** The statements of a policy document (a topic's, a key's, a role's). */
function statementsIn(document: unknown): Statement[] {
  return (document as PolicyDocument | undefined)?.Statement ?? [];
}

/** The statements of the policies attached to a function's role. */
function roleStatementsOf(
  resources: Record<string, Resource>,
  functionId: string | undefined,
): Statement[] {
  const fn = functionId === undefined ? undefined : resources[functionId];
  const roleId = targetOf(fn?.Properties?.Role);
  return Object.values(resources)
    .filter(
      (policy) =>
        policy.Type === 'AWS::IAM::Policy' &&
        asArray(policy.Properties?.Roles).some((role) => targetOf(role) === roleId),
    )
    .flatMap((policy) => statementsIn(policy.Properties?.PolicyDocument));
}

function ofType(resources: Record<string, Resource>, type: string): Array<[string, Resource]> {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

/** Whether a statement allows a service principal every one of `actions`. */
function allowsService(statement: Statement, service: string, actions: string[]): boolean {
  const principal = statement.Principal as { Service?: string | string[] } | undefined;
  if (statement.Effect !== 'Allow' || !asArray(principal?.Service).includes(service)) return false;
  const granted = asArray(statement.Action).map((action) => action.toLowerCase());
  return actions.every((wanted) => {
    const service = wanted.split(':')[0];
    return granted.includes(wanted.toLowerCase()) || granted.includes(`${service}:*`);
  });
}

describe.each(['dev', 'prod'] as const)('the %s template', (stage) => {
  const resources = () => stages[stage];

  it('lets CloudWatch publish every alarm to its topic, and use the key that encrypts it', () => {
    const alarms = ofType(resources(), 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThan(0);

    for (const [alarmId, alarm] of alarms) {
      const actions = ['AlarmActions', 'OKActions', 'InsufficientDataActions'].flatMap((key) =>
        asArray(alarm.Properties?.[key]),
      );
      expect(actions, `${alarmId} has no action`).not.toHaveLength(0);
      for (const action of actions) {
        const topicId = targetOf(action);
        const topic = topicId === undefined ? undefined : resources()[topicId];
        expect(
          topic?.Type,
          `${alarmId}: ${JSON.stringify(action)} is not a topic of the stack`,
        ).toBe('AWS::SNS::Topic');
        const statements = ofType(resources(), 'AWS::SNS::TopicPolicy')
          .filter(([, policy]) =>
            asArray(policy.Properties?.Topics).some((ref) => targetOf(ref) === topicId),
          )
          .flatMap(([, policy]) => statementsIn(policy.Properties?.PolicyDocument));
        const publishes = statements.some(
          (statement) =>
            allowsService(statement, 'cloudwatch.amazonaws.com', ['sns:Publish']) &&
            asArray(statement.Resource).some((resource) => targetOf(resource) === topicId),
        );
        expect(
          publishes,
          `${alarmId}: no policy of topic ${topicId} lets cloudwatch.amazonaws.com sns:Publish`,
        ).toBe(true);

        const keyRef = topic?.Properties?.KmsMasterKeyId;
        if (keyRef === undefined) continue;
        // An AWS-managed key (alias/aws/sns) has a policy nobody can change: CloudWatch cannot use it.
        const keyId = targetOf(keyRef);
        const key = keyId === undefined ? undefined : resources()[keyId];
        expect(key?.Type, `${topicId} is encrypted with ${JSON.stringify(keyRef)}`).toBe(
          'AWS::KMS::Key',
        );
        const keyStatements = statementsIn(key?.Properties?.KeyPolicy);
        expect(
          keyStatements.some((statement) =>
            allowsService(statement, 'cloudwatch.amazonaws.com', [
              'kms:Decrypt',
              'kms:GenerateDataKey*',
            ]),
          ),
          `${alarmId}: the policy of key ${keyId} (topic ${topicId}) does not let cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey*`,
        ).toBe(true);
      }
    }
  });

  it("lets CloudWatch publish to the alarm topic only for this account's alarms in this region", () => {
    const statements = ofType(resources(), 'AWS::SNS::TopicPolicy').flatMap(([, policy]) =>
      statementsIn(policy.Properties?.PolicyDocument),
    );
    const cloudWatch = statements.filter((statement) =>
      allowsService(statement, 'cloudwatch.amazonaws.com', ['sns:Publish']),
    );

    expect(cloudWatch).toHaveLength(1);
    expect(cloudWatch[0]?.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: {
        'aws:SourceArn': {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':cloudwatch:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':alarm:*',
            ],
          ],
        },
      },
    });
  });

  it('keeps what a function SNS invokes still fails on after retries, in a queue an alarm watches', () => {
    const subscribers = ofType(resources(), 'AWS::SNS::Subscription')
      .filter(([, subscription]) => subscription.Properties?.Protocol === 'lambda')
      .map(([, subscription]) => targetOf(subscription.Properties?.Endpoint));
    expect(subscribers.length).toBeGreaterThan(0);

    for (const functionId of subscribers) {
      const fn = functionId === undefined ? undefined : resources()[functionId];
      const deadLetterQueue = (fn?.Properties?.DeadLetterConfig as { TargetArn?: unknown })
        ?.TargetArn;
      const onFailure = ofType(resources(), 'AWS::Lambda::EventInvokeConfig')
        .filter(([, config]) => targetOf(config.Properties?.FunctionName) === functionId)
        .map(
          ([, config]) =>
            (config.Properties?.DestinationConfig as { OnFailure?: { Destination?: unknown } })
              ?.OnFailure?.Destination,
        )
        .find((destination) => destination !== undefined);
      const queueId = targetOf(deadLetterQueue ?? onFailure);
      const queue = queueId === undefined ? undefined : resources()[queueId];
      expect(
        queue?.Type,
        `${functionId}: neither a dead-letter queue nor an on-failure destination keeps the events it fails on`,
      ).toBe('AWS::SQS::Queue');

      expect(queue?.Properties, `${queueId} must be encrypted and keep messages 14 days`).toEqual(
        expect.objectContaining({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 }),
      );
      const queueStatements = ofType(resources(), 'AWS::SQS::QueuePolicy')
        .filter(([, policy]) =>
          asArray(policy.Properties?.Queues).some((ref) => targetOf(ref) === queueId),
        )
        .flatMap(([, policy]) => statementsIn(policy.Properties?.PolicyDocument));
      expect(queueStatements, `${queueId} must refuse requests without TLS`).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
      const queueActions = roleStatementsOf(resources(), functionId)
        .filter((statement) => JSON.stringify(statement.Resource).includes(`"${queueId}"`))
        .flatMap((statement) => asArray(statement.Action));
      expect(queueActions, `what ${functionId}'s role may do on ${queueId}`).toEqual([
        'sqs:SendMessage',
      ]);
      const watched = ofType(resources(), 'AWS::CloudWatch::Alarm').some(
        ([, alarm]) =>
          alarm.Properties?.Namespace === 'AWS/SQS' &&
          asArray(alarm.Properties?.Dimensions as Array<{ Name: string; Value: unknown }>).some(
            (dimension) => dimension.Name === 'QueueName' && targetOf(dimension.Value) === queueId,
          ) &&
          asArray(alarm.Properties?.AlarmActions).length > 0,
      );
      expect(watched, `no alarm with an action watches ${queueId}`).toBe(true);
    }
  });
});

describe('secrets whose loss breaks what was already sent', () => {
  it('are retained in production, on deletion and on replacement; dev may destroy them', () => {
    const prodSecrets = ofType(stages.prod, 'AWS::SecretsManager::Secret');
    const devSecrets = ofType(stages.dev, 'AWS::SecretsManager::Secret');
    // The applicant-link key (every emailed link), the form-signing key (every open form) and
    // the address-hash key (every suppression item and applicant guard).
    expect(prodSecrets.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'AddressHashingAddressHashKey',
      'ApplicantLinksApplicantLinkKey',
      'SpamDefenceFormSigningKey',
    ]);

    for (const [id, secret] of prodSecrets) {
      expect(
        { DeletionPolicy: secret.DeletionPolicy, UpdateReplacePolicy: secret.UpdateReplacePolicy },
        `prod ${id}`,
      ).toEqual({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
    for (const [id, secret] of devSecrets) {
      expect(secret.DeletionPolicy, `dev ${id}`).toBe('Delete');
    }
  });
});

describe('the deploy target', () => {
  it('is resolved at deploy time: no region or account the CLI guessed is written into the cloud assembly', () => {
    // What the CDK CLI sets on a machine with no profile (the region) and with one (the account).
    const guessed = { CDK_DEFAULT_REGION: 'us-east-1', CDK_DEFAULT_ACCOUNT: '111111111111' };
    const before = { ...process.env };
    Object.assign(process.env, guessed);
    let files: Record<string, string>;
    try {
      const { stack } = synthesize({ stage: 'prod' });
      // The assembly synthesize() made: the template, its assets' manifest, the manifest.
      const { directory } = (stack.node.root as App).synth();
      files = Object.fromEntries(
        readdirSync(directory)
          .filter((name) => name.endsWith('.json'))
          .map((name) => [name, readFileSync(join(directory, name), 'utf8')]),
      );
    } finally {
      for (const name of Object.keys(guessed)) {
        if (before[name] === undefined) delete process.env[name];
        else process.env[name] = before[name];
      }
    }

    expect(Object.keys(files)).toContain('MentoringIntake-prod.template.json');
    const baked = Object.entries(files).flatMap(([name, text]) =>
      Object.values(guessed)
        .filter((literal) => text.includes(literal))
        .map((literal) => `${name} contains ${literal}`),
    );
    expect(baked).toEqual([]);
    // Everything region- or account-specific names the deploy's instead.
    const template = files['MentoringIntake-prod.template.json'] ?? '';
    for (const pseudo of ['AWS::Region', 'AWS::AccountId']) {
      expect(template).toContain(`"Ref": "${pseudo}"`);
    }
  });
});

/** A resource as a person reads it: logical ids without their hash, pseudo parameters as `${AWS::Region}`. */
function nameOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const id = targetOf(value);
  if (id !== undefined) {
    const name = id.startsWith('AWS::') ? `\${${id}}` : id.replace(/[0-9A-F]{8}$/, '');
    const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
    return getAtt ? `${name}.${getAtt[1]}` : name;
  }
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(nameOf).join(join[0]);
  return JSON.stringify(value);
}

/** What a function's role may do, as resource name to sorted actions. */
function grantsOf(resources: Record<string, Resource>, functionId: string) {
  const grants: Record<string, string[]> = {};
  for (const statement of roleStatementsOf(resources, functionId)) {
    expect(statement.Effect).toBe('Allow');
    for (const resource of asArray(statement.Resource)) {
      const actions = new Set([...(grants[nameOf(resource)] ?? []), ...asArray(statement.Action)]);
      grants[nameOf(resource)] = [...actions].sort();
    }
  }
  return grants;
}

/** Each Lambda function of a template by its folder in functions/. */
function functionsByFolder(resources: Record<string, Resource>, folders: readonly string[]) {
  return Object.fromEntries(
    ofType(resources, 'AWS::Lambda::Function').map(([id]) => {
      const folder = folders.find((name) => id.startsWith(`Functions${name.replaceAll('-', '')}`));
      return [folder ?? id, id];
    }),
  );
}

const TABLE = 'StorageApplications.Arn';
const STREAM = 'StorageApplications.StreamArn';
const index = (name: string) => `${TABLE}/index/${name}`;
const ses = (resource: string) =>
  `arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:${resource}`;
// SendRawEmail for the emails with an attachment (a letter of recognition's PDF).
const SEND_AS_THE_PROGRAM = {
  [ses('identity/EmailSenderDomain')]: ['ses:SendEmail', 'ses:SendRawEmail'],
  [ses('configuration-set/EmailDeliveryConfigurationSet')]: ['ses:SendEmail', 'ses:SendRawEmail'],
};
const READ_VALUE = ['secretsmanager:GetSecretValue'];
const DELIVER = [
  'dynamodb:BatchGetItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];
const READ_CHANGE_ERASE = [
  'dynamodb:BatchGetItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
];

/**
 * Exactly what each function's role may do, on which resource, besides writing its own logs:
 * what its code calls (shared/store, shared/secrets, shared/email) and what Lambda does for
 * it (reading the stream, sending to an on-failure queue).
 */
const EXPECTED_GRANTS: Record<string, Record<string, string[]>> = {
  'submit-application': {
    [TABLE]: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    SpamDefenceFormSigningKey: READ_VALUE,
    AddressHashingAddressHashKey: READ_VALUE,
  },
  // Only the cycles' partition (the statement's dynamodb:LeadingKeys condition).
  'form-pages': { [TABLE]: ['dynamodb:Query'], SpamDefenceFormSigningKey: READ_VALUE },
  'form-schema': {},
  'thank-you': {},
  health: {},
  console: {},
  'my-application': {
    [TABLE]: READ_CHANGE_ERASE,
    ApplicantLinksApplicantLinkKey: READ_VALUE,
    AddressHashingAddressHashKey: READ_VALUE,
  },
  // The check-in page: the person's partition by Query, their answer by Put; no index.
  'check-in': {
    [TABLE]: ['dynamodb:PutItem', 'dynamodb:Query'],
    ApplicantLinksApplicantLinkKey: READ_VALUE,
  },
  // The evaluation page: as the check-in page, on the person's own evaluation.
  evaluation: {
    [TABLE]: ['dynamodb:PutItem', 'dynamodb:Query'],
    ApplicantLinksApplicantLinkKey: READ_VALUE,
  },
  // The hourly cycle completion: the cycles and matched mentees (byDate) by Query, guards
  // and mentors by BatchGetItem, each mentor's completion one transaction (Deletes, Updates,
  // evaluation email Puts), the cycle's completion record a Put.
  'complete-cycles': {
    [TABLE]: [
      'dynamodb:BatchGetItem',
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ],
    [index('byDate')]: ['dynamodb:Query'],
  },
  // The hourly check-in scheduler: matched mentees through byDate, partitions by Query,
  // each check-in email a conditional Put.
  'schedule-check-ins': {
    [TABLE]: ['dynamodb:PutItem', 'dynamodb:Query'],
    [index('byDate')]: ['dynamodb:Query'],
  },
  // An application like the intake's, from an invitation: the same table access, no spam
  // defence (the signed link is the credential).
  'returning-mentor': {
    [TABLE]: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    ApplicantLinksApplicantLinkKey: READ_VALUE,
    AddressHashingAddressHashKey: READ_VALUE,
  },
  admin: {
    [TABLE]: [...READ_CHANGE_ERASE, 'dynamodb:ConditionCheckItem'].sort(),
    [index('byDate')]: ['dynamodb:Query'],
    [index('byName')]: ['dynamodb:Query'],
    AddressHashingAddressHashKey: READ_VALUE,
  },
  // Letters of recognition: partitions and cycles by Query, completed mentors through byDate,
  // a letter by GetItem; issuing a transaction of a ConditionCheck and Puts. No email, no
  // secret: the senders send a letter's email.
  letters: {
    [TABLE]: [
      'dynamodb:ConditionCheckItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
    ],
    [index('byDate')]: ['dynamodb:Query'],
  },
  matching: {
    [TABLE]: [
      'dynamodb:BatchGetItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ],
    [index('byDate')]: ['dynamodb:Query'],
    AddressHashingAddressHashKey: READ_VALUE,
  },
  'send-emails': {
    [TABLE]: DELIVER,
    [STREAM]: [
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
    ],
    'EmailDeliveryOnFailure.Arn': ['sqs:SendMessage'],
    ...SEND_AS_THE_PROGRAM,
    ApplicantLinksApplicantLinkKey: READ_VALUE,
    AddressHashingAddressHashKey: READ_VALUE,
  },
  'tally-applications': {
    [TABLE]: [
      'dynamodb:BatchGetItem',
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ],
    [STREAM]: [
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
    ],
    'DashboardTallyOnFailure.Arn': ['sqs:SendMessage'],
  },
  'retry-confirmations': {
    [TABLE]: DELIVER,
    [index('pendingEmails')]: ['dynamodb:Query'],
    ...SEND_AS_THE_PROGRAM,
    ApplicantLinksApplicantLinkKey: READ_VALUE,
    AddressHashingAddressHashKey: READ_VALUE,
  },
  'ses-events': {
    [TABLE]: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    'EmailDeliverySesEventsOnFailure.Arn': ['sqs:SendMessage'],
    AddressHashingAddressHashKey: READ_VALUE,
  },
};

describe.each(['dev', 'prod'] as const)('least privilege in the %s template', (stage) => {
  const folders = Object.keys(EXPECTED_GRANTS);

  it('has a function for each expectation, and an expectation for each function', () => {
    expect(Object.keys(functionsByFolder(stages[stage], folders)).sort()).toEqual(
      [...folders].sort(),
    );
  });

  it.each(folders)('lets %s do exactly what its code calls, on exactly those resources', (name) => {
    const functionId = functionsByFolder(stages[stage], folders)[name];
    expect(functionId).toBeDefined();
    const logs = `Functions${name.replaceAll('-', '')}logs.Arn`;

    expect(grantsOf(stages[stage], functionId ?? '')).toEqual({
      [logs]: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      ...EXPECTED_GRANTS[name],
    });
  });
});

describe('a configured Turnstile secret', () => {
  it('may be read, value only, by the intake and the form pages', () => {
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:turnstile-AbCdEf';
    const { stack } = buildApp({
      context: {
        stage: 'dev',
        stages: { dev: { ...TEST_STAGE, turnstile: { siteKey: 'site-key', secretArn } } },
        'aws:cdk:bundling-stacks': [],
      },
    });
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
    const functions = functionsByFolder(resources, Object.keys(EXPECTED_GRANTS));

    const readers = Object.entries(functions)
      .filter(([, id]) => secretArn in grantsOf(resources, id))
      .map(([name, id]) => [name, grantsOf(resources, id)[secretArn]]);
    expect(readers.sort()).toEqual([
      ['form-pages', READ_VALUE],
      ['submit-application', READ_VALUE],
    ]);
  });
});
