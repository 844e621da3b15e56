import { generateKeyPair, importJWK, type JWTPayload, SignJWT } from 'jose';
import { inject } from 'vitest';
import {
  LOCAL_CLIENT_ID,
  LOCAL_ISSUER,
  loadOrCreateIssuer,
  mintLocalToken,
} from '../../infra/local/local-issuer.js';

const issuer = loadOrCreateIssuer(inject('functionEnv').DATA_DIR as string);

/** A valid token from the local issuer the test gateway trusts. */
export async function staffToken(groups: readonly string[] = ['staff'], sub = 'staff-sub-1') {
  return mintLocalToken(await issuer, { sub, email: `${sub}@ladocs.example`, groups });
}

/** A token signed with the trusted key, with any claims: for expired, wrong issuer or audience. */
export async function tokenWithClaims(claims: JWTPayload, header: Record<string, unknown> = {}) {
  const { privateKey } = await issuer;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    sub: 'staff-sub-1',
    'cognito:groups': ['admins'],
    iss: LOCAL_ISSUER,
    aud: LOCAL_CLIENT_ID,
    iat: now,
    exp: now + 600,
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: privateKey.kid, ...header })
    .sign(await importJWK(privateKey, 'RS256'));
}

/** A well-formed token signed by a key the gateway has never seen, under the trusted key id. */
export async function tokenFromAnotherKey() {
  const { privateKey: trusted } = await issuer;
  const pair = await generateKeyPair('RS256', { extractable: true });
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    sub: 'intruder',
    'cognito:groups': ['admins'],
    iss: LOCAL_ISSUER,
    aud: LOCAL_CLIENT_ID,
    exp: now + 600,
  })
    .setProtectedHeader({ alg: 'RS256', kid: trusted.kid })
    .sign(pair.privateKey);
}

/** An unsigned token (`alg: none`) claiming admin rights. */
export function unsignedToken() {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'x', 'cognito:groups': ['admins'], iss: LOCAL_ISSUER, aud: LOCAL_CLIENT_ID, exp: now + 600 })}.`;
}

/** A valid staff token whose payload was edited afterwards to claim the admins group. */
export async function tamperedToken() {
  const [header, payload, signature] = (await staffToken(['staff'])).split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
  claims['cognito:groups'] = ['admins'];
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}
