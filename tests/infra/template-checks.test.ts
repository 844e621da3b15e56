import { beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from './synth.js';

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
});
