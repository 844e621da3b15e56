import type { Template } from './deployed-stack.js';
import type { ResolvedResource } from './template-values.js';

/** The account and region the deployed-mode runtime pretends to be in. */
export const LOCAL_ACCOUNT = {
  region: 'us-west-2',
  accountId: '123456789012',
  partition: 'aws',
  urlSuffix: 'amazonaws.com',
} as const;

/** The values of CloudFormation's pseudo parameters locally. */
export function localPseudoParameters(stackName: string): Record<string, string> {
  return {
    'AWS::Region': LOCAL_ACCOUNT.region,
    'AWS::AccountId': LOCAL_ACCOUNT.accountId,
    'AWS::Partition': LOCAL_ACCOUNT.partition,
    'AWS::URLSuffix': LOCAL_ACCOUNT.urlSuffix,
    'AWS::StackName': stackName,
    'AWS::NoValue': '',
  };
}

/** What only the running stand-ins know: names and addresses chosen at start. */
export interface LocalFacts {
  tableName: string;
  /** The stream's label (DynamoDB Local's LatestStreamLabel). */
  streamLabel: string;
  /** The local gateway's URL: the HTTP API's endpoint. */
  apiEndpoint: string;
  /** The local OpenID provider's client ids, for the command line's and the console's. */
  clientIds: { commandLine: string; console: string };
}

const arn = (service: string, resource: string) =>
  `arn:${LOCAL_ACCOUNT.partition}:${service}:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:${resource}`;

/** The ARN of a table (and its index or stream) as IAM sees it, for a local table name. */
export const tableArn = (tableName: string) => arn('dynamodb', `table/${tableName}`);

/**
 * What each resource of the template is locally, by type: the table is DynamoDB Local's,
 * the secrets the local Secrets Manager's, the API the local gateway, the user pool the
 * local OpenID provider. Other resources get names and ARNs of the same form AWS gives.
 * A type missing here is one the runtime does not stand in for: resolving a reference to
 * it fails, naming it.
 */
export function localResourceValues(
  template: Template,
  facts: LocalFacts,
): (logicalId: string) => ResolvedResource | undefined {
  return (logicalId): ResolvedResource | undefined => {
    const resource = template.Resources[logicalId];
    if (!resource) return undefined;
    const props = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::DynamoDB::GlobalTable':
      case 'AWS::DynamoDB::Table':
        return {
          ref: facts.tableName,
          attributes: {
            Arn: tableArn(facts.tableName),
            StreamArn: `${tableArn(facts.tableName)}/stream/${facts.streamLabel}`,
          },
        };
      case 'AWS::SecretsManager::Secret':
        // Secrets Manager adds a six-character suffix to every secret's name.
        return { ref: arn('secretsmanager', `secret:${logicalId}-LoCaL1`) };
      case 'AWS::SES::ConfigurationSet':
        return { ref: logicalId.toLowerCase() };
      case 'AWS::SES::EmailIdentity':
        return { ref: String(props.EmailIdentity) };
      case 'AWS::ApiGatewayV2::Api':
        return { ref: 'localapi', attributes: { ApiEndpoint: facts.apiEndpoint } };
      case 'AWS::Cognito::UserPool':
        return {
          ref: `${LOCAL_ACCOUNT.region}_local`,
          attributes: { Arn: arn('cognito-idp', `userpool/${LOCAL_ACCOUNT.region}_local`) },
        };
      case 'AWS::Cognito::UserPoolClient':
        // The console's client is the one with the hosted (code) flow.
        return {
          ref: (props.AllowedOAuthFlows as string[] | undefined)?.includes('code')
            ? facts.clientIds.console
            : facts.clientIds.commandLine,
        };
      case 'AWS::Cognito::UserPoolDomain':
        return { ref: String(props.Domain) };
      case 'AWS::Lambda::Function':
        return { ref: logicalId, attributes: { Arn: arn('lambda', `function:${logicalId}`) } };
      case 'AWS::Logs::LogGroup':
        return {
          ref: `/aws/lambda/${logicalId}`,
          attributes: { Arn: arn('logs', `log-group:/aws/lambda/${logicalId}:*`) },
        };
      case 'AWS::SQS::Queue':
        return {
          ref: `https://sqs.${LOCAL_ACCOUNT.region}.${LOCAL_ACCOUNT.urlSuffix}/${LOCAL_ACCOUNT.accountId}/${logicalId}`,
          attributes: { Arn: arn('sqs', logicalId), QueueName: logicalId },
        };
      case 'AWS::SNS::Topic':
        return { ref: arn('sns', logicalId), attributes: { TopicArn: arn('sns', logicalId) } };
      case 'AWS::KMS::Key':
        return { ref: logicalId, attributes: { Arn: arn('kms', `key/${logicalId}`) } };
      case 'AWS::IAM::Role':
        return {
          ref: logicalId,
          attributes: { Arn: `arn:aws:iam::${LOCAL_ACCOUNT.accountId}:role/${logicalId}` },
        };
      default:
        return undefined;
    }
  };
}

/**
 * The local address of an AWS endpoint a function is told about: Cognito's issuer and
 * its managed login domain are both served by the local OpenID provider at `provider`.
 * Anything else is left as it is.
 */
export function localAddressOf(value: string, provider: string): string {
  return value
    .replace(/^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/[\w-]+/, provider)
    .replace(/^https:\/\/[a-z0-9-]+\.auth\.[a-z0-9-]+\.amazoncognito\.com/, provider);
}
