import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TemplateValue } from './template-values.js';

/** One resource of a CloudFormation template. */
export interface TemplateResource {
  Type: string;
  Properties?: Record<string, TemplateValue>;
  Metadata?: Record<string, unknown>;
  DeletionPolicy?: string;
}

/** A synthesized template: what `cdk deploy` hands CloudFormation. */
export interface Template {
  Resources: Record<string, TemplateResource>;
}

/** A Lambda function as deployed: its code folder, handler, limits and environment. */
export interface DeployedFunction {
  logicalId: string;
  /** The folder of functions/ it was built from (from the construct path), for people. */
  name: string;
  /** `file.export`, as Lambda reads it. */
  handler: string;
  /** The asset folder in the cloud assembly that `cdk deploy` zips and uploads. */
  assetDir: string;
  runtime: string;
  memoryMb: number;
  timeoutSeconds: number;
  reservedConcurrency?: number;
  environment: Record<string, TemplateValue>;
  roleLogicalId: string;
  /** Where Lambda sends an event it gave up on after async retries (DLQ or destination). */
  asyncOnFailure?: TemplateValue;
}

/** A route of the HTTP API and the function its integration calls. */
export interface DeployedRoute {
  method: string;
  path: string;
  authorization: 'NONE' | 'JWT';
  functionLogicalId: string;
  throttle?: { rateLimit: number; burstLimit: number };
}

/** The stream event source mapping, with its filter and retry settings. */
export interface DeployedStreamMapping {
  functionLogicalId: string;
  eventSourceArn: TemplateValue;
  startingPosition: string;
  batchSize: number;
  parallelizationFactor: number;
  maximumBatchingWindowInSeconds: number;
  filterPatterns: unknown[];
  maximumRetryAttempts: number;
  maximumRecordAgeSeconds: number;
  bisectBatchOnFunctionError: boolean;
  reportBatchItemFailures: boolean;
  onFailure?: TemplateValue;
}

/** An IAM statement as the template holds it (before references are resolved). */
export interface TemplateStatement {
  Effect: string;
  Action: string | string[];
  Resource: TemplateValue;
  Condition?: TemplateValue;
  Sid?: string;
}

/** The parts of a synthesized stack the deployed-mode runtime plays locally. */
export interface DeployedStack {
  template: Template;
  functions: DeployedFunction[];
  api: {
    logicalId: string;
    routes: DeployedRoute[];
    allowOrigins: string[];
    authorizer?: { issuer: TemplateValue; audiences: TemplateValue[] };
  };
  streamMappings: DeployedStreamMapping[];
  schedules: Array<{ ruleLogicalId: string; everyMs: number; functionLogicalId: string }>;
  /** SNS topics' Lambda subscriptions. */
  subscriptions: Array<{ topicLogicalId: string; functionLogicalId: string }>;
  /** Each role's statements, from its inline policies and the policies attached to it. */
  roleStatements: Record<string, TemplateStatement[]>;
}

/** The logical id a `Ref` or `Fn::GetAtt` names. */
export function logicalIdOf(value: TemplateValue): string {
  const node = value as Record<string, unknown> | undefined;
  if (node && typeof node.Ref === 'string') return node.Ref;
  const attribute = node?.['Fn::GetAtt'];
  if (Array.isArray(attribute) && typeof attribute[0] === 'string') return attribute[0];
  // Integration targets are `integrations/<Ref>`, joined.
  const join = node?.['Fn::Join'] as [string, TemplateValue[]] | undefined;
  const named = join?.[1].find((part) => typeof part === 'object');
  if (named) return logicalIdOf(named);
  throw new Error(`Not a reference to a resource: ${JSON.stringify(value)}`);
}

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** The interval of an EventBridge `rate(…)` expression, in milliseconds. */
export function rateToMs(expression: string): number {
  const match = RATE.exec(expression);
  if (!match) throw new Error(`Only rate() schedules are played locally, not ${expression}`);
  return Number(match[1]) * (UNIT_MS[(match[2] as string).replace(/s$/, '')] as number);
}

/**
 * Reads a cloud assembly: the stack's template and, through the assets manifest, the
 * folder each function's code is uploaded from (exactly what `cdk deploy` publishes).
 */
export function readDeployedStack(assemblyDir: string, stackName: string): DeployedStack {
  const template = JSON.parse(
    readFileSync(join(assemblyDir, `${stackName}.template.json`), 'utf8'),
  ) as Template;
  const assets = JSON.parse(
    readFileSync(join(assemblyDir, `${stackName}.assets.json`), 'utf8'),
  ) as {
    files: Record<
      string,
      { source: { path: string }; destinations: Record<string, { objectKey: string }> }
    >;
  };
  const folderByObjectKey = new Map<string, string>();
  for (const file of Object.values(assets.files)) {
    for (const destination of Object.values(file.destinations)) {
      folderByObjectKey.set(destination.objectKey, join(assemblyDir, file.source.path));
    }
  }
  return describeStack(template, (objectKey) => {
    const folder = folderByObjectKey.get(objectKey);
    if (!folder) throw new Error(`No asset in the assembly for ${objectKey}`);
    return folder;
  });
}

type Entry = [logicalId: string, resource: TemplateResource];

const propertiesOf = (resource: TemplateResource) => resource.Properties ?? {};

/** The deployed shape of a template; `assetFolder` finds the code of an S3 object key. */
export function describeStack(
  template: Template,
  assetFolder: (objectKey: string) => string,
): DeployedStack {
  const entries = Object.entries(template.Resources);
  const ofType = (type: string) => entries.filter(([, resource]) => resource.Type === type);
  return {
    template,
    functions: readFunctions(ofType, assetFolder),
    api: readApi(ofType),
    streamMappings: ofType('AWS::Lambda::EventSourceMapping').map(readStreamMapping),
    schedules: ofType('AWS::Events::Rule').flatMap(readSchedule),
    subscriptions: ofType('AWS::SNS::Subscription')
      .filter(([, resource]) => propertiesOf(resource).Protocol === 'lambda')
      .map(([, resource]) => ({
        topicLogicalId: logicalIdOf(propertiesOf(resource).TopicArn),
        functionLogicalId: logicalIdOf(propertiesOf(resource).Endpoint),
      })),
    roleStatements: readRoleStatements(ofType),
  };
}

type OfType = (type: string) => Entry[];

/** Each function with its code folder, limits, environment, role and async failure target. */
function readFunctions(ofType: OfType, assetFolder: (objectKey: string) => string) {
  const eventInvokeConfigs = new Map(
    ofType('AWS::Lambda::EventInvokeConfig').map(([, resource]) => [
      logicalIdOf(propertiesOf(resource).FunctionName),
      propertiesOf(resource) as Record<string, unknown>,
    ]),
  );
  return ofType('AWS::Lambda::Function').map(([logicalId, resource]): DeployedFunction => {
    const p = propertiesOf(resource);
    const code = p.Code as { S3Key: string };
    const path = String(resource.Metadata?.['aws:cdk:path'] ?? '');
    const destination = eventInvokeConfigs.get(logicalId)?.DestinationConfig as
      | { OnFailure?: { Destination: TemplateValue } }
      | undefined;
    return {
      logicalId,
      name: /\/Functions\/([^/]+)\/Resource$/.exec(path)?.[1] ?? logicalId,
      handler: String(p.Handler),
      assetDir: assetFolder(code.S3Key),
      runtime: String(p.Runtime),
      memoryMb: Number(p.MemorySize ?? 128),
      timeoutSeconds: Number(p.Timeout ?? 3),
      reservedConcurrency:
        p.ReservedConcurrentExecutions === undefined
          ? undefined
          : Number(p.ReservedConcurrentExecutions),
      environment: ((p.Environment as { Variables?: Record<string, TemplateValue> } | undefined)
        ?.Variables ?? {}) as Record<string, TemplateValue>,
      roleLogicalId: logicalIdOf(p.Role),
      asyncOnFailure:
        (p.DeadLetterConfig as { TargetArn?: TemplateValue } | undefined)?.TargetArn ??
        destination?.OnFailure?.Destination,
    };
  });
}

/** The HTTP API: its routes with their functions and throttles, CORS and JWT authorizer. */
function readApi(ofType: OfType): DeployedStack['api'] {
  const [api] = ofType('AWS::ApiGatewayV2::Api');
  if (!api) throw new Error('The template has no HTTP API');
  const integrations = new Map(
    ofType('AWS::ApiGatewayV2::Integration').map(([logicalId, resource]) => [
      logicalId,
      logicalIdOf(propertiesOf(resource).IntegrationUri),
    ]),
  );
  const [stage] = ofType('AWS::ApiGatewayV2::Stage');
  const routeSettings = (stage && propertiesOf(stage[1]).RouteSettings) as
    | Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>
    | undefined;
  const routes = ofType('AWS::ApiGatewayV2::Route').map(([, resource]): DeployedRoute => {
    const p = propertiesOf(resource);
    const routeKey = String(p.RouteKey);
    const [method = '', path = ''] = routeKey.split(' ');
    const integration = integrations.get(logicalIdOf(p.Target));
    if (!integration) throw new Error(`Route ${routeKey} has no Lambda integration`);
    const setting = routeSettings?.[routeKey];
    return {
      method,
      path,
      authorization: p.AuthorizationType === 'JWT' ? 'JWT' : 'NONE',
      functionLogicalId: integration,
      ...(setting
        ? {
            throttle: {
              rateLimit: setting.ThrottlingRateLimit,
              burstLimit: setting.ThrottlingBurstLimit,
            },
          }
        : {}),
    };
  });
  const [authorizer] = ofType('AWS::ApiGatewayV2::Authorizer');
  const jwt = authorizer
    ? (propertiesOf(authorizer[1]).JwtConfiguration as {
        Issuer: TemplateValue;
        Audience: TemplateValue[];
      })
    : undefined;
  const cors = propertiesOf(api[1]).CorsConfiguration as { AllowOrigins?: string[] } | undefined;
  return {
    logicalId: api[0],
    routes,
    allowOrigins: cors?.AllowOrigins ?? [],
    authorizer: jwt && { issuer: jwt.Issuer, audiences: jwt.Audience },
  };
}

/** A stream event source mapping with its filter and its retry settings. */
function readStreamMapping([, resource]: Entry): DeployedStreamMapping {
  const p = propertiesOf(resource) as Record<string, unknown>;
  const filters = (p.FilterCriteria as { Filters?: Array<{ Pattern: string }> } | undefined)
    ?.Filters;
  return {
    functionLogicalId: logicalIdOf(p.FunctionName),
    eventSourceArn: p.EventSourceArn,
    startingPosition: String(p.StartingPosition),
    batchSize: Number(p.BatchSize ?? 100),
    parallelizationFactor: Number(p.ParallelizationFactor ?? 1),
    maximumBatchingWindowInSeconds: Number(p.MaximumBatchingWindowInSeconds ?? 0),
    filterPatterns: (filters ?? []).map((filter) => JSON.parse(filter.Pattern) as unknown),
    // CloudFormation's defaults: -1 means retry until the record expires.
    maximumRetryAttempts: Number(p.MaximumRetryAttempts ?? -1),
    maximumRecordAgeSeconds: Number(p.MaximumRecordAgeInSeconds ?? -1),
    bisectBatchOnFunctionError: p.BisectBatchOnFunctionError === true,
    reportBatchItemFailures: ((p.FunctionResponseTypes as string[]) ?? []).includes(
      'ReportBatchItemFailures',
    ),
    onFailure: (p.DestinationConfig as { OnFailure?: { Destination: TemplateValue } })?.OnFailure
      ?.Destination,
  };
}

/** A scheduled rule's targets, with its rate as an interval. */
function readSchedule([ruleLogicalId, resource]: Entry) {
  const p = propertiesOf(resource) as {
    ScheduleExpression?: string;
    Targets?: Array<{ Arn: unknown }>;
  };
  if (!p.ScheduleExpression) return [];
  const everyMs = rateToMs(p.ScheduleExpression);
  return (p.Targets ?? []).map((target) => ({
    ruleLogicalId,
    everyMs,
    functionLogicalId: logicalIdOf(target.Arn),
  }));
}

/** Each role's statements: its inline policies and the policies attached to it. */
function readRoleStatements(ofType: OfType) {
  const roleStatements: Record<string, TemplateStatement[]> = {};
  for (const [logicalId, resource] of ofType('AWS::IAM::Role')) {
    const inline = (propertiesOf(resource).Policies ?? []) as Array<{
      PolicyDocument: { Statement: TemplateStatement[] };
    }>;
    if (propertiesOf(resource).ManagedPolicyArns) {
      throw new Error(`${logicalId} has managed policies: the local check cannot read them`);
    }
    roleStatements[logicalId] = inline.flatMap((policy) => policy.PolicyDocument.Statement);
  }
  for (const [, resource] of ofType('AWS::IAM::Policy')) {
    const p = propertiesOf(resource) as {
      Roles?: TemplateValue[];
      PolicyDocument: { Statement: TemplateStatement[] };
    };
    for (const role of p.Roles ?? []) {
      roleStatements[logicalIdOf(role)]?.push(...p.PolicyDocument.Statement);
    }
  }
  return roleStatements;
}
