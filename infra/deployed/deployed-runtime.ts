import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { FilterPattern } from '../local/event-filter.js';
import { createLocalGateway, type GatewayMount } from '../local/gateway.js';
import {
  apiGatewayClaims,
  jwtAuthorizer,
  LOCAL_CLIENT_ID,
  LOCAL_ISSUER,
  loadOrCreateIssuer,
} from '../local/local-issuer.js';
import {
  createLocalOpenIdProvider,
  LOCAL_CONSOLE_CLIENT_ID,
  OPENID_PROVIDER_PATH,
} from '../local/local-openid-provider.js';
import type { StreamInvoker } from '../local/stream-batches.js';
import { startStreamPoller } from '../local/stream-poller.js';
import type { RouteDefinition } from '../routes.js';
import type { RecordedCall } from './aws-calls.js';
import type { DeployedFunction, DeployedStack } from './deployed-stack.js';
import { LambdaService, type SandboxSpec } from './lambda-service.js';
import {
  LOCAL_ACCOUNT,
  localAddressOf,
  localPseudoParameters,
  localResourceValues,
} from './local-resource-values.js';
import { startRecordingProxy } from './recording-proxy.js';
import { generatedSecretString, startSecretsManagerLocal } from './secrets-manager-local.js';
import { createTemplateResolver } from './template-values.js';

/** The access key id a function's role signs with locally: it says whose call it was. */
export const callerKeyOf = (fn: DeployedFunction) => `ASIALOCAL${fn.logicalId}`;

/** Lambda retries a failed asynchronous invocation twice before giving up on the event. */
const ASYNC_RETRIES = 2;

/** The values a secret of the template holds locally: made once, kept in `dataDir`. */
async function localSecretValues(stack: DeployedStack, dataDir: string) {
  const file = join(dataDir, 'deployed-secrets.json');
  let kept: Record<string, string> = {};
  try {
    kept = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  } catch {
    // None yet: made below.
  }
  for (const [logicalId, resource] of Object.entries(stack.template.Resources)) {
    if (resource.Type !== 'AWS::SecretsManager::Secret' || kept[logicalId]) continue;
    const generate = resource.Properties?.GenerateSecretString as
      | { PasswordLength?: number }
      | undefined;
    if (!generate) throw new Error(`${logicalId}: only generated secrets are stood in for`);
    kept[logicalId] = generatedSecretString(generate.PasswordLength ?? 32);
  }
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(kept), { mode: 0o600 });
  return kept;
}

/**
 * Serves a synthesized stack locally from its own artifacts: every route of its HTTP API
 * calls the function its integration names, loaded from the function's asset folder in
 * the cloud assembly with the environment, memory and timeout of the template (references
 * resolved to the local stand-ins); its JWT authorizer checks the issuer and audiences the
 * template names; its stream mapping, schedules and SNS subscriptions drive their
 * functions with the template's settings. Every AWS call a function makes goes through a
 * recording proxy, signed with its own role's key, so each can be checked against that role.
 */
export async function startDeployedRuntime(options: {
  stack: DeployedStack;
  stackName: string;
  /** The running local DynamoDB and SES, and the table to use. */
  standIns: { dynamoDbEndpoint: string; sesEndpoint: string; tableName: string };
  dataDir: string;
  port?: number;
  onLog?: (functionName: string, line: string) => void;
  onError?: (error: unknown) => void;
}) {
  const { stack } = options;
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    const secretsByLogicalId = await localSecretValues(stack, options.dataDir);
    const plumbing = new DynamoDBClient({
      endpoint: options.standIns.dynamoDbEndpoint,
      region: LOCAL_ACCOUNT.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { Table } = await plumbing.send(
      new DescribeTableCommand({ TableName: options.standIns.tableName }),
    );
    if (!Table?.LatestStreamLabel) throw new Error('The local table has no stream');

    const issuer = await loadOrCreateIssuer(options.dataDir);
    let openIdProvider: ReturnType<typeof createLocalOpenIdProvider> | undefined;
    const providerMount: GatewayMount = {
      prefix: OPENID_PROVIDER_PATH,
      handle: (request, response) => openIdProvider?.handle(request, response),
    };
    // The gateway is made first: the functions' environment names its address.
    let lambda: LambdaService | undefined;
    let authorize: ReturnType<typeof jwtAuthorizer> | undefined;
    const routes: RouteDefinition[] = stack.api.routes.map((route) => ({
      method: route.method as RouteDefinition['method'],
      path: route.path,
      functionName: route.functionLogicalId,
      access: route.authorization === 'JWT' ? 'staff' : 'public',
      ...(route.throttle ? { throttle: route.throttle } : {}),
    }));
    const server = createLocalGateway({
      routes,
      mounts: [providerMount],
      loadHandler: async (logicalId) => async (event) =>
        (await lambda?.invoke(logicalId, event)) as never,
      allowedOrigins: () => stack.api.allowOrigins,
      authorizeStaff: async (authorization) => {
        const payload = await authorize?.(authorization);
        return payload && apiGatewayClaims(payload);
      },
      onError: options.onError,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', resolve);
    });
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const { port } = server.address() as AddressInfo;
    const url = `http://localhost:${port}`;
    const ownOrigins = [url, `http://127.0.0.1:${port}`];
    openIdProvider = createLocalOpenIdProvider({
      consoleOrigins: ownOrigins,
      signingKey: issuer.privateKey,
    });

    const resourceValue = localResourceValues(stack.template, {
      tableName: options.standIns.tableName,
      streamLabel: Table.LatestStreamLabel,
      apiEndpoint: url,
      clientIds: { commandLine: LOCAL_CLIENT_ID, console: LOCAL_CONSOLE_CLIENT_ID },
    });
    const resolve = createTemplateResolver({
      pseudo: localPseudoParameters(options.stackName),
      resource: resourceValue,
    });

    const secrets = new Map(
      Object.entries(secretsByLogicalId).map(([logicalId, value]) => [
        resourceValue(logicalId)?.ref as string,
        value,
      ]),
    );
    const secretsManager = await startSecretsManagerLocal(secrets);
    stops.push(secretsManager.stop);
    const proxy = await startRecordingProxy({
      dynamodb: options.standIns.dynamoDbEndpoint,
      ses: options.standIns.sesEndpoint,
      secretsmanager: secretsManager.endpoint,
    });
    stops.push(proxy.stop);

    // The JWT authorizer as the template configures it; Cognito's issuer is the local one's.
    if (stack.api.authorizer) {
      const templateIssuer = String(resolve(stack.api.authorizer.issuer));
      if (localAddressOf(templateIssuer, '') === templateIssuer) {
        throw new Error(`The authorizer's issuer is not a Cognito user pool: ${templateIssuer}`);
      }
      authorize = jwtAuthorizer({
        jwks: issuer.jwks,
        issuer: LOCAL_ISSUER,
        audiences: stack.api.authorizer.audiences.map((audience) => String(resolve(audience))),
      });
    }

    const providerUrl = `${url}${OPENID_PROVIDER_PATH}`;
    const specs = new Map<string, SandboxSpec>();
    for (const fn of stack.functions) {
      const variables = resolve(fn.environment) as Record<string, unknown>;
      const environment: Record<string, string> = {
        ...Object.fromEntries(
          Object.entries(variables).map(([name, value]) => [
            name,
            localAddressOf(String(value), providerUrl),
          ]),
        ),
        // What Lambda itself sets in every execution environment.
        AWS_REGION: LOCAL_ACCOUNT.region,
        AWS_DEFAULT_REGION: LOCAL_ACCOUNT.region,
        AWS_LAMBDA_FUNCTION_NAME: fn.logicalId,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
        LAMBDA_TASK_ROOT: fn.assetDir,
        _HANDLER: fn.handler,
        TZ: ':UTC',
        // The role's credentials: the key says whose call it is.
        AWS_ACCESS_KEY_ID: callerKeyOf(fn),
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_SESSION_TOKEN: 'local',
        // Every service the functions reach, through the recording proxy.
        AWS_ENDPOINT_URL: proxy.endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint,
        AWS_ENDPOINT_URL_SES: proxy.endpoint,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: proxy.endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      };
      specs.set(fn.logicalId, {
        functionName: fn.logicalId,
        functionArn: `arn:aws:lambda:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:function:${fn.logicalId}`,
        assetDir: fn.assetDir,
        handler: fn.handler,
        memoryMb: fn.memoryMb,
        timeoutSeconds: fn.timeoutSeconds,
        reservedConcurrency: fn.reservedConcurrency,
        environment,
      });
    }
    const service = new LambdaService(specs, options.onLog);
    lambda = service;
    stops.push(() => service.stop());
    const functionOf = (logicalId: string) => {
      const fn = stack.functions.find((each) => each.logicalId === logicalId);
      if (!fn) throw new Error(`No function ${logicalId}`);
      return fn;
    };
    const callerOf = new Map(stack.functions.map((fn) => [callerKeyOf(fn), fn]));

    // The stream's event source mapping: it reads the stream with the function's role.
    for (const mapping of stack.streamMappings) {
      const fn = functionOf(mapping.functionLogicalId);
      if (mapping.filterPatterns.length !== 1) {
        throw new Error('The local stream mapping plays exactly one filter pattern');
      }
      const invoke: StreamInvoker = async (event: DynamoDBStreamEvent) =>
        (await service.invoke(fn.logicalId, event)) as Awaited<ReturnType<StreamInvoker>>;
      const stopPoller = startStreamPoller({
        dynamoDb: plumbing,
        streams: new DynamoDBStreamsClient({
          endpoint: proxy.endpoint,
          region: LOCAL_ACCOUNT.region,
          credentials: {
            accessKeyId: callerKeyOf(fn),
            secretAccessKey: 'local',
            sessionToken: 'local',
          },
        }),
        tableName: options.standIns.tableName,
        batchSize: mapping.batchSize,
        filterPattern: mapping.filterPatterns[0] as FilterPattern,
        maximumRetryAttempts: mapping.maximumRetryAttempts,
        maximumRecordAgeSeconds: mapping.maximumRecordAgeSeconds,
        bisectBatchOnFunctionError: mapping.bisectBatchOnFunctionError,
        invoke,
        dataDir: options.dataDir,
        onError: options.onError,
      });
      stops.push(stopPoller);
    }

    /** Lambda's asynchronous invocation: retried twice, then sent to the on-failure target. */
    const invokeAsync = async (logicalId: string, event: unknown) => {
      const fn = functionOf(logicalId);
      let lastError: unknown;
      for (let attempt = 0; attempt <= ASYNC_RETRIES; attempt++) {
        try {
          return { ok: true as const, result: await service.invoke(logicalId, event) };
        } catch (error) {
          lastError = error;
        }
      }
      if (fn.asyncOnFailure) {
        // The Lambda service sends the event on with the function's own role.
        const target = String(resolve(fn.asyncOnFailure));
        proxy.calls.push({
          caller: callerKeyOf(fn),
          service: 'sqs',
          operation: 'SendMessage',
          iam: [{ action: 'sqs:SendMessage', resource: target }],
        });
      }
      return { ok: false as const, error: lastError };
    };

    const timers = stack.schedules.map((schedule) =>
      setInterval(
        () => void invokeAsync(schedule.functionLogicalId, scheduledEvent(schedule.ruleLogicalId)),
        schedule.everyMs,
      ),
    );
    stops.push(async () => {
      for (const timer of timers) clearInterval(timer);
    });

    return {
      url,
      stack,
      lambda: service,
      /** Every AWS call the functions (and the mappings acting for them) made, in order. */
      calls: proxy.calls as readonly RecordedCall[],
      /** The function whose role signed a recorded call. */
      functionOfCaller: (caller: string) => callerOf.get(caller),
      /** Resolves a template value to its local value. */
      resolve,
      /** Runs a schedule's target now, as EventBridge would at its next tick. */
      runSchedule: (ruleLogicalId: string) => {
        const schedule = stack.schedules.find((each) => each.ruleLogicalId === ruleLogicalId);
        if (!schedule) throw new Error(`No schedule ${ruleLogicalId}`);
        return invokeAsync(schedule.functionLogicalId, scheduledEvent(ruleLogicalId));
      },
      /** Publishes to an SNS topic of the stack: each Lambda subscriber gets it asynchronously. */
      publish: (topicLogicalId: string, message: string) =>
        Promise.all(
          stack.subscriptions
            .filter((subscription) => subscription.topicLogicalId === topicLogicalId)
            .map((subscription) =>
              invokeAsync(
                subscription.functionLogicalId,
                snsEvent(String(resolve({ Ref: topicLogicalId })), message),
              ),
            ),
        ),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A running deployed-mode runtime. */
export type DeployedRuntime = Awaited<ReturnType<typeof startDeployedRuntime>>;

function scheduledEvent(ruleLogicalId: string) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT.accountId,
    time: new Date().toISOString(),
    region: LOCAL_ACCOUNT.region,
    resources: [
      `arn:aws:events:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:rule/${ruleLogicalId}`,
    ],
    detail: {},
  };
}

function snsEvent(topicArn: string, message: string) {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: topicArn,
          Subject: null,
          Message: message,
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: 'local',
          SigningCertUrl: 'https://sns.local/cert.pem',
          UnsubscribeUrl: 'https://sns.local/unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}
