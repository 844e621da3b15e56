import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';

/** The local stand-in for the Cognito user pool's issuer URL. */
export const LOCAL_ISSUER = 'http://localhost/local-cognito/local_pool';
/** The local stand-in for the admin API's app client id (the audience). */
export const LOCAL_CLIENT_ID = 'local-admin-client';

/** The local issuer's signing key and the JWKS the gateway verifies against. */
export interface LocalIssuer {
  privateKey: JWK;
  jwks: JSONWebKeySet;
}

/**
 * Loads the local issuer's RS256 key from DATA_DIR, or makes one. Kept on disk so tokens
 * from `npm run token` verify in a running `npm start`, and survive its restarts.
 */
export async function loadOrCreateIssuer(dataDir: string): Promise<LocalIssuer> {
  const file = join(resolve(dataDir), 'local-issuer', 'signing-key.json');
  let privateKey: JWK;
  try {
    privateKey = JSON.parse(await readFile(file, 'utf8')) as JWK;
  } catch {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = {
      ...(await exportJWK(pair.privateKey)),
      alg: 'RS256',
      use: 'sig',
      kid: `local-${Date.now()}`,
    };
    await mkdir(join(resolve(dataDir), 'local-issuer'), { recursive: true });
    await writeFile(file, JSON.stringify(privateKey), { mode: 0o600 });
    await chmod(file, 0o600);
  }
  const { kty, n, e, kid, alg, use } = privateKey;
  return { privateKey, jwks: { keys: [{ kty, n, e, kid, alg, use }] as JWK[] } };
}

/** What a local staff token says about its holder. */
export interface StaffIdentity {
  sub: string;
  email: string;
  groups: readonly string[];
  expiresInSeconds?: number;
}

/** Signs a token shaped like a Cognito ID token for the local staff user. */
export async function mintLocalToken(
  issuer: LocalIssuer,
  identity: StaffIdentity,
): Promise<string> {
  const key = await importJWK(issuer.privateKey, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    email: identity.email,
    'cognito:groups': [...identity.groups],
    'cognito:username': identity.email,
    token_use: 'id',
  })
    .setProtectedHeader({ alg: 'RS256', kid: issuer.privateKey.kid, typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_CLIENT_ID)
    .setSubject(identity.sub)
    .setIssuedAt(now)
    .setExpirationTime(now + (identity.expiresInSeconds ?? 3600))
    .sign(key);
}

/**
 * Does what API Gateway's JWT authorizer does: takes the Authorization header (with or
 * without `Bearer `), checks the RS256 signature against the issuer's JWKS, the issuer, and
 * that `aud` or `client_id` is an allowed audience; the time claims as AWS documents them:
 * `exp` required and after now, `nbf` and `iat` before now (Cognito's tokens always carry
 * `exp` and `iat`). Returns the claims, or undefined for any failure.
 */
export function jwtAuthorizer(options: {
  jwks: JSONWebKeySet;
  issuer: string;
  audiences: readonly string[];
}) {
  const keys = createLocalJWKSet(options.jwks);
  return async (authorization: string | undefined): Promise<JWTPayload | undefined> => {
    const token = authorization?.replace(/^Bearer\s+/i, '').trim();
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'iat'],
      });
      // jose checks exp and nbf; a token issued in the future is not valid yet either.
      if ((payload.iat ?? 0) > Math.floor(Date.now() / 1000)) return undefined;
      const audience = payload.aud ?? payload.client_id;
      const audiences = [audience].flat().map(String);
      return audiences.some((value) => options.audiences.includes(value)) ? payload : undefined;
    } catch {
      return undefined;
    }
  };
}

/** Claims as API Gateway passes them to Lambda: every value a string, lists as `[a b]`. */
export function apiGatewayClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value)
        ? `[${value.join(' ')}]`
        : typeof value === 'string'
          ? value
          : JSON.stringify(value),
    ]),
  );
}
