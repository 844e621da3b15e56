import { TABLE_DESIGN } from '../../shared/platform/table/table-design.js';
import { LOCAL_ACCOUNT, tableArn } from './local-resource-values.js';

/** One action on one resource, as IAM authorizes it, with the condition keys it sets. */
export interface IamRequest {
  action: string;
  resource: string;
  context?: Record<string, string>;
}

/** An AWS API call a function made, seen on the wire, and what IAM checks for it. */
export interface RecordedCall {
  /** The access key id the call was signed with: one per function's role. */
  caller: string;
  /** The signing name of the service (`dynamodb`, `ses`, `secretsmanager`, …). */
  service: string;
  /** The API operation (`GetItem`, `TransactWriteItems`, `SendEmail`, …). */
  operation: string;
  iam: IamRequest[];
}

/** What a signed request says of itself: who signed it for which service. */
export function signerOf(authorization: string | undefined) {
  const match = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
    authorization ?? '',
  );
  return match ? { accessKeyId: match[1] as string, service: match[3] as string } : undefined;
}

/** The same ARN in the local account and region (DynamoDB Local names its own). */
export function inLocalAccount(arn: string): string {
  const parts = arn.split(':');
  if (parts.length < 6) return arn;
  parts[3] = LOCAL_ACCOUNT.region;
  parts[4] = LOCAL_ACCOUNT.accountId;
  return parts.join(':');
}

const TRANSACT_WRITE_ACTIONS: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

type Body = Record<string, unknown>;

/**
 * The IAM requests a DynamoDB (or DynamoDB Streams) call is authorized as. A transaction
 * is authorized item by item: each Put, Update, Delete and ConditionCheck as its own
 * action on its table (there is no `TransactWriteItems` permission to grant).
 */
export function dynamoDbIamRequests(
  operation: string,
  body: Body,
  streamArnOf: (iterator: string) => string | undefined,
): IamRequest[] {
  const action = `dynamodb:${operation}`;
  const onTable = (name: unknown, index?: unknown) =>
    `${tableArn(String(name))}${index ? `/index/${String(index)}` : ''}`;
  switch (operation) {
    case 'TransactWriteItems':
      return (body.TransactItems as Body[]).flatMap((item) =>
        Object.entries(item).map(([kind, detail]) => ({
          action: TRANSACT_WRITE_ACTIONS[kind] ?? `dynamodb:${kind}`,
          resource: onTable((detail as Body).TableName),
        })),
      );
    case 'TransactGetItems':
      return (body.TransactItems as Array<{ Get: Body }>).map((item) => ({
        action: 'dynamodb:GetItem',
        resource: onTable(item.Get.TableName),
      }));
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return Object.keys(body.RequestItems as Body).map((name) => ({
        action,
        resource: onTable(name),
      }));
    case 'DescribeStream':
    case 'GetShardIterator':
      return [{ action, resource: inLocalAccount(String(body.StreamArn)) }];
    case 'GetRecords': {
      const stream = streamArnOf(String(body.ShardIterator));
      return [{ action, resource: stream ? inLocalAccount(stream) : 'unknown-stream' }];
    }
    case 'ListStreams':
      return [{ action, resource: '*' }];
    default: {
      const partition = leadingKeyOf(operation, body);
      return [
        {
          action,
          resource: onTable(body.TableName, body.IndexName),
          ...(partition ? { context: { 'dynamodb:LeadingKeys': partition } } : {}),
        },
      ];
    }
  }
}

/**
 * The partition key value a single-item call or a table Query names (IAM's
 * dynamodb:LeadingKeys): the item's key, or what a Query's key condition sets the partition
 * key equal to. Undefined where it cannot be read (an index Query names the index's key).
 */
function leadingKeyOf(operation: string, body: Body): string | undefined {
  const partitionKey = TABLE_DESIGN.partitionKey;
  const stringOf = (attribute: unknown) => (attribute as { S?: string } | undefined)?.S;
  if (operation === 'Query') {
    if (body.IndexName) return undefined;
    const match = /^\s*(#?\w+)\s*=\s*(:\w+)/.exec(String(body.KeyConditionExpression ?? ''));
    if (!match?.[1] || !match[2]) return undefined;
    const names = (body.ExpressionAttributeNames ?? {}) as Record<string, string>;
    const name = match[1].startsWith('#') ? names[match[1]] : match[1];
    if (name !== partitionKey) return undefined;
    return stringOf((body.ExpressionAttributeValues as Body | undefined)?.[match[2]]);
  }
  const key = (body.Key ?? body.Item) as Body | undefined;
  return stringOf(key?.[partitionKey]);
}

/** The bare address in `Name <a@b.org>` or `a@b.org`. */
export function bareAddress(mailbox: string): string {
  return (/<([^>]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox).trim();
}

/**
 * The IAM requests of an SES (v1) send: SES authorizes it against the identity the From
 * address belongs to (here its domain) and, when one is named, the configuration set,
 * with `ses:FromAddress` set to the From address.
 */
export function sesIamRequests(operation: string, form: URLSearchParams): IamRequest[] {
  const action = `ses:${operation}`;
  const arn = (resource: string) =>
    `arn:${LOCAL_ACCOUNT.partition}:ses:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:${resource}`;
  const source = form.get('Source');
  if (!source) return [{ action, resource: '*' }];
  const from = bareAddress(source);
  const context = { 'ses:FromAddress': from };
  const requests = [{ action, resource: arn(`identity/${from.split('@')[1]}`), context }];
  const configurationSet = form.get('ConfigurationSetName');
  if (configurationSet) {
    requests.push({ action, resource: arn(`configuration-set/${configurationSet}`), context });
  }
  return requests;
}

/** The IAM requests of a Secrets Manager call: the secret the call names (by ARN). */
export function secretsIamRequests(operation: string, body: Body): IamRequest[] {
  return [{ action: `secretsmanager:${operation}`, resource: String(body.SecretId) }];
}
