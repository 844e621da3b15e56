import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_CLIENT_ID, loadOrCreateIssuer } from '../local/local-issuer.js';
import { LOCAL_CONSOLE_CLIENT_ID } from '../local/local-openid-provider.js';
import type { RecordedCall } from './aws-calls.js';
import { serveDeployedApi } from './deployed-api.js';
import type { DeployedStack } from './deployed-stack.js';
import { asyncInvoker, scheduledEvent, snsEvent, startStreamMappings } from './event-sources.js';
import { callerKeyOf, lambdaEnvironment } from './lambda-environment.js';
import { LambdaService, type SandboxSpec } from './lambda-service.js';
import {
  LOCAL_ACCOUNT,
  localPseudoParameters,
  localResourceValues,
} from './local-resource-values.js';
import { startRecordingProxy } from './recording-proxy.js';
import { generatedSecretString, startSecretsManagerLocal } from './secrets-manager-local.js';
import { createTemplateResolver } from './template-values.js';

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
    const plumbing = new DynamoDBClient({
      endpoint: options.standIns.dynamoDbEndpoint,
      region: LOCAL_ACCOUNT.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { Table } = await plumbing.send(
      new DescribeTableCommand({ TableName: options.standIns.tableName }),
    );
    if (!Table?.LatestStreamLabel) throw new Error('The local table has no stream');

    // The API comes first: the functions' environment names its address.
    let lambda: LambdaService | undefined;
    const api = await serveDeployedApi({
      stack,
      port: options.port,
      issuer: await loadOrCreateIssuer(options.dataDir),
      invoke: async (logicalId, event) => lambda?.invoke(logicalId, event),
      onError: options.onError,
    });
    stops.push(api.close);

    const resourceValue = localResourceValues(stack.template, {
      tableName: options.standIns.tableName,
      streamLabel: Table.LatestStreamLabel,
      apiEndpoint: api.url,
      clientIds: { commandLine: LOCAL_CLIENT_ID, console: LOCAL_CONSOLE_CLIENT_ID },
    });
    const resolve = createTemplateResolver({
      pseudo: localPseudoParameters(options.stackName),
      resource: resourceValue,
    });
    if (stack.api.authorizer) {
      api.authorizeWith({
        issuer: String(resolve(stack.api.authorizer.issuer)),
        audiences: stack.api.authorizer.audiences.map((audience) => String(resolve(audience))),
      });
    }

    const secretValues = await localSecretValues(stack, options.dataDir);
    const secretsManager = await startSecretsManagerLocal(
      new Map(
        Object.entries(secretValues).map(([logicalId, value]) => [
          resourceValue(logicalId)?.ref as string,
          value,
        ]),
      ),
    );
    stops.push(secretsManager.stop);
    const proxy = await startRecordingProxy({
      dynamodb: options.standIns.dynamoDbEndpoint,
      ses: options.standIns.sesEndpoint,
      secretsmanager: secretsManager.endpoint,
    });
    stops.push(proxy.stop);

    const specs = new Map<string, SandboxSpec>(
      stack.functions.map((fn) => [
        fn.logicalId,
        {
          functionName: fn.logicalId,
          functionArn: `arn:aws:lambda:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:function:${fn.logicalId}`,
          assetDir: fn.assetDir,
          handler: fn.handler,
          memoryMb: fn.memoryMb,
          timeoutSeconds: fn.timeoutSeconds,
          reservedConcurrency: fn.reservedConcurrency,
          environment: lambdaEnvironment(fn, resolve(fn.environment) as Record<string, unknown>, {
            proxyEndpoint: proxy.endpoint,
            providerUrl: api.providerUrl,
          }),
        },
      ]),
    );
    const service = new LambdaService(specs, options.onLog);
    lambda = service;
    stops.push(() => service.stop());
    const functionOf = (logicalId: string) => {
      const fn = stack.functions.find((each) => each.logicalId === logicalId);
      if (!fn) throw new Error(`No function ${logicalId}`);
      return fn;
    };
    const callerOf = new Map(stack.functions.map((fn) => [callerKeyOf(fn), fn]));

    stops.push(
      ...startStreamMappings({
        stack,
        lambda: service,
        functionOf,
        plumbing,
        proxyEndpoint: proxy.endpoint,
        tableName: options.standIns.tableName,
        dataDir: options.dataDir,
        onError: options.onError,
      }),
    );
    const invokeAsync = asyncInvoker({ lambda: service, functionOf, resolve, calls: proxy.calls });
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
      url: api.url,
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
