import type { DeployedFunction } from './deployed-stack.js';
import { LOCAL_ACCOUNT, localAddressOf } from './local-resource-values.js';

/** The access key id a function's role signs with locally: it says whose call it was. */
export const callerKeyOf = (fn: DeployedFunction) => `ASIALOCAL${fn.logicalId}`;

/**
 * The environment of a function's execution environment: the template's variables
 * (resolved; Cognito's addresses pointed at the local provider), what Lambda itself sets,
 * the role's credentials (a key of the function's own), and every AWS endpoint pointed at
 * the recording proxy.
 */
export function lambdaEnvironment(
  fn: DeployedFunction,
  variables: Record<string, unknown>,
  local: { proxyEndpoint: string; providerUrl: string },
): Record<string, string> {
  return {
    ...Object.fromEntries(
      Object.entries(variables).map(([name, value]) => [
        name,
        localAddressOf(String(value), local.providerUrl),
      ]),
    ),
    AWS_REGION: LOCAL_ACCOUNT.region,
    AWS_DEFAULT_REGION: LOCAL_ACCOUNT.region,
    AWS_LAMBDA_FUNCTION_NAME: fn.logicalId,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    LAMBDA_TASK_ROOT: fn.assetDir,
    _HANDLER: fn.handler,
    TZ: ':UTC',
    AWS_ACCESS_KEY_ID: callerKeyOf(fn),
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'local',
    AWS_ENDPOINT_URL: local.proxyEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB: local.proxyEndpoint,
    AWS_ENDPOINT_URL_SES: local.proxyEndpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: local.proxyEndpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}
