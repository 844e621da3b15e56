import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildConsole } from '../console-build.js';
import { parseAllowedOrigins } from '../cors-policy.js';
import { ROUTES } from '../routes.js';
import { createLocalGateway, type GatewayMount, importFunctionHandler } from './gateway.js';
import {
  apiGatewayClaims,
  jwtAuthorizer,
  LOCAL_CLIENT_ID,
  LOCAL_ISSUER,
  loadOrCreateIssuer,
} from './local-issuer.js';
import {
  CONSOLE_TOKEN_LIFETIMES,
  createLocalOpenIdProvider,
  LOCAL_CONSOLE_CLIENT_ID,
  OPENID_PROVIDER_PATH,
  type TokenLifetimes,
} from './local-openid-provider.js';
import { startLocalStreams } from './local-streams.js';

/** The functions folder, found from this file so any working directory works. */
export const FUNCTIONS_DIR = fileURLToPath(new URL('../../functions/', import.meta.url));

/** A local key in `dataDir` (the applicant links', the address hashes'), made on first use (256 random bits). */
async function loadOrCreateKey(dataDir: string, name: string): Promise<string> {
  const file = join(dataDir, name);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const key = randomBytes(32).toString('base64url');
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, key, { mode: 0o600 });
    return key;
  }
}

/**
 * Starts the local gateway on 127.0.0.1:`port` (0 picks a free one) and returns its URL.
 * Staff routes trust tokens of the local issuer whose key is kept in `dataDir`; the local
 * OpenID provider (Cognito's stand-in) signs with that key under /oidc, and the console is
 * built into `dataDir` for the console function to serve.
 */
export async function serveGateway(
  port: number,
  dataDir: string,
  options: Partial<TokenLifetimes> = {},
) {
  const configured = parseAllowedOrigins(process.env.ALLOWED_ORIGINS);
  // The local server's own origin is always allowed, whatever port it ends up on.
  let ownOrigins: string[] = [];
  const issuer = await loadOrCreateIssuer(dataDir);
  const verify = jwtAuthorizer({
    jwks: issuer.jwks,
    issuer: LOCAL_ISSUER,
    audiences: [LOCAL_CLIENT_ID, LOCAL_CONSOLE_CLIENT_ID],
  });
  // The applicant links' key lives beside the issuer's, so emailed links survive restarts.
  process.env.APPLICANT_LINK_SECRET ??= await loadOrCreateKey(dataDir, 'applicant-link.key');
  // So is the address hashes' key: suppressed addresses stay suppressed across restarts.
  process.env.ADDRESS_HASH_KEY ??= await loadOrCreateKey(dataDir, 'address-hash.key');
  // A folder of this process's own: gateways started side by side (the tests start several
  // on one DATA_DIR) would otherwise empty each other's build while it is written.
  const consoleBuild = await mkdtemp(join(tmpdir(), 'console-build-'));
  await buildConsole(consoleBuild);
  process.env.CONSOLE_ASSETS_DIR ??= consoleBuild;
  process.env.CONSOLE_OIDC_CLIENT_ID ??= LOCAL_CONSOLE_CLIENT_ID;
  // The provider needs the port to know its redirect URLs: it is made once listening.
  let openIdProvider: ReturnType<typeof createLocalOpenIdProvider> | undefined;
  const providerMount: GatewayMount = {
    prefix: OPENID_PROVIDER_PATH,
    handle: (request, response) => openIdProvider?.handle(request, response),
  };
  const server = createLocalGateway({
    routes: ROUTES,
    mounts: [providerMount],
    loadHandler: (name) => importFunctionHandler(FUNCTIONS_DIR, name),
    allowedOrigins: () => [...ownOrigins, ...configured],
    authorizeStaff: async (authorization) => {
      const payload = await verify(authorization);
      return payload && apiGatewayClaims(payload);
    },
    onError: (error) =>
      console.error('Function failed:', error instanceof Error ? error.name : error),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: actual } = server.address() as AddressInfo;
  ownOrigins = [`http://localhost:${actual}`, `http://127.0.0.1:${actual}`];
  openIdProvider = createLocalOpenIdProvider({
    consoleOrigins: ownOrigins,
    signingKey: issuer.privateKey,
    lifetimes: { ...CONSOLE_TOKEN_LIFETIMES, ...options },
  });
  const url = `http://localhost:${actual}`;
  // Confirmations link to the applicant's page on this server.
  process.env.PUBLIC_BASE_URL ??= url;
  process.env.CONSOLE_OIDC_AUTHORITY ??= `${url}${OPENID_PROVIDER_PATH}`;
  process.env.CONSOLE_LOGOUT_URL ??= `${url}${OPENID_PROVIDER_PATH}/logout`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }).then(() => rm(consoleBuild, { recursive: true, force: true })),
  };
}

// Run directly (tests do, with the environment already pointing at the stand-ins):
// serve on PORT and print the URL as one line for the parent to read.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const gateway = await serveGateway(
    Number(process.env.PORT ?? 0),
    process.env.DATA_DIR ?? '.data',
    // Tests shorten the console's sessions to see them expire.
    {
      ...(Number(process.env.LOCAL_ID_TOKEN_SECONDS) > 0
        ? { idTokenSeconds: Number(process.env.LOCAL_ID_TOKEN_SECONDS) }
        : {}),
      ...(Number(process.env.LOCAL_REFRESH_TOKEN_SECONDS) > 0
        ? { refreshTokenSeconds: Number(process.env.LOCAL_REFRESH_TOKEN_SECONDS) }
        : {}),
    },
  );
  // The test setup's gateway also plays the stream's event source mappings (per table).
  const stopStream =
    process.env.EMAIL_STREAM === 'on'
      ? startLocalStreams({
          load: (name) => importFunctionHandler(FUNCTIONS_DIR, name),
          dataDir: process.env.DATA_DIR ?? '.data',
          onError: (name, error) =>
            console.error(`Stream (${name}):`, error instanceof Error ? error.name : error),
        })
      : async () => undefined;
  console.log(`GATEWAY_URL=${gateway.url}`);
  const stop = () =>
    stopStream()
      .then(() => gateway.close())
      .then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
