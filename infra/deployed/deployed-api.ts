import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createLocalGateway, type GatewayMount } from '../local/gateway.js';
import {
  apiGatewayClaims,
  jwtAuthorizer,
  LOCAL_ISSUER,
  type LocalIssuer,
} from '../local/local-issuer.js';
import { createLocalOpenIdProvider, OPENID_PROVIDER_PATH } from '../local/local-openid-provider.js';
import type { RouteDefinition } from '../routes.js';
import type { DeployedStack } from './deployed-stack.js';
import { localAddressOf } from './local-resource-values.js';

/**
 * The stack's HTTP API on 127.0.0.1:`port`: the template's routes (each to the function its
 * integration names, through `invoke`), route throttles and CORS origins, with the local
 * OpenID provider under /oidc standing in for the user pool. The JWT authorizer is set once
 * the template's issuer and audiences are resolved (they name the API's own address).
 */
export async function serveDeployedApi(options: {
  stack: DeployedStack;
  port?: number;
  issuer: LocalIssuer;
  invoke: (functionLogicalId: string, event: APIGatewayProxyEventV2) => Promise<unknown>;
  onError?: (error: unknown) => void;
}) {
  let provider: ReturnType<typeof createLocalOpenIdProvider> | undefined;
  let authorize: ReturnType<typeof jwtAuthorizer> | undefined;
  const providerMount: GatewayMount = {
    prefix: OPENID_PROVIDER_PATH,
    handle: (request, response) => provider?.handle(request, response),
  };
  const routes: RouteDefinition[] = options.stack.api.routes.map((route) => ({
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
      (await options.invoke(logicalId, event)) as never,
    allowedOrigins: () => options.stack.api.allowOrigins,
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
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  provider = createLocalOpenIdProvider({
    consoleOrigins: [url, `http://127.0.0.1:${port}`],
    signingKey: options.issuer.privateKey,
  });
  return {
    url,
    /** Where the user pool's issuer and managed login are served locally. */
    providerUrl: `${url}${OPENID_PROVIDER_PATH}`,
    /** Checks tokens as the template's JWT authorizer does; Cognito's issuer is the local one's. */
    authorizeWith(authorizer: { issuer: string; audiences: string[] }) {
      if (localAddressOf(authorizer.issuer, '') === authorizer.issuer) {
        throw new Error(`The authorizer's issuer is not a Cognito user pool: ${authorizer.issuer}`);
      }
      authorize = jwtAuthorizer({
        jwks: options.issuer.jwks,
        issuer: LOCAL_ISSUER,
        audiences: authorizer.audiences,
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
