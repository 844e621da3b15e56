import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import { LOCAL_ISSUER } from '../../infra/local/local-issuer.js';
import { LOCAL_CONSOLE_CLIENT_ID } from '../../infra/local/local-openid-provider.js';

const base = () => inject('gatewayUrl');
const redirectUri = () => `${base()}/console/callback`;

/** A browser's cookie jar, just enough for the provider's session and interaction cookies. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(response: Response) {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const [name = '', ...value] = pair.split('=');
      if (/expires=Thu, 01 Jan 1970/i.test(cookie) || value.join('=') === '') {
        this.cookies.delete(name.trim());
      } else {
        this.cookies.set(name.trim(), value.join('='));
      }
    }
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

async function step(jar: CookieJar, url: string, init: RequestInit = {}) {
  const response = await fetch(new URL(url, base()), {
    ...init,
    redirect: 'manual',
    headers: { ...(init.headers ?? {}), cookie: jar.header() },
  });
  jar.store(response);
  return response;
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

function authorizeUrl(challenge?: string) {
  const url = new URL(`${base()}/oidc/auth`);
  url.searchParams.set('client_id', LOCAL_CONSOLE_CLIENT_ID);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'openid email profile');
  url.searchParams.set('state', randomBytes(8).toString('hex'));
  url.searchParams.set('nonce', randomBytes(8).toString('hex'));
  if (challenge) {
    url.searchParams.set('code_challenge', challenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url.href;
}

/** Signs in through the provider's page as `email` in `group`; returns the code and jar. */
async function signIn(email: string, group: string, jar = new CookieJar()) {
  const { verifier, challenge } = pkce();
  const start = await step(jar, authorizeUrl(challenge));
  expect(start.status).toBe(303);
  const interaction = start.headers.get('location') ?? '';
  expect(interaction).toMatch(/^\/oidc\/interaction\//);
  const page = await step(jar, interaction);
  expect(await page.text()).toContain('<label for="group">Group</label>');
  const login = await step(jar, `${interaction}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, group }).toString(),
  });
  expect(login.status).toBe(303);
  const resumed = await step(jar, login.headers.get('location') ?? '');
  const callback = new URL(resumed.headers.get('location') ?? '', base());
  expect(callback.href.startsWith(redirectUri())).toBe(true);
  return { code: callback.searchParams.get('code') ?? '', verifier, jar };
}

async function token(params: Record<string, string>) {
  const response = await fetch(`${base()}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: LOCAL_CONSOLE_CLIENT_ID, ...params }).toString(),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      id_token?: string;
      refresh_token?: string;
      error?: string;
    },
  };
}

const exchange = (code: string, verifier: string) =>
  token({
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: redirectUri(),
  });

const listAs = (idToken: string | undefined) =>
  fetch(`${base()}/admin/submissions?limit=1`, { headers: { authorization: `Bearer ${idToken}` } });

describe('the local OpenID provider (Cognito’s stand-in)', () => {
  it('publishes its endpoints on the gateway, under the issuer the gateway trusts, with PKCE S256 and revocation', async () => {
    const response = await fetch(`${base()}/oidc/.well-known/openid-configuration`);
    const discovery = (await response.json()) as Record<string, unknown>;

    expect(discovery).toMatchObject({
      issuer: LOCAL_ISSUER,
      authorization_endpoint: `${base()}/oidc/auth`,
      token_endpoint: `${base()}/oidc/token`,
      revocation_endpoint: `${base()}/oidc/token/revocation`,
      code_challenge_methods_supported: ['S256'],
    });
  });

  it('issues ID tokens shaped like Cognito’s that the gateway’s JWT authorizer accepts, and keeps no group for someone in none', async () => {
    const admin = await signIn('ada@ladocs.example', 'admins');
    const { body } = await exchange(admin.code, admin.verifier);
    const claims = decodeJwt(body.id_token ?? '');

    expect(claims).toMatchObject({
      iss: LOCAL_ISSUER,
      aud: LOCAL_CONSOLE_CLIENT_ID,
      email: 'ada@ladocs.example',
      'cognito:groups': ['admins'],
      token_use: 'id',
    });
    expect(claims.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(15 * 60);
    expect((await listAs(body.id_token)).status).toBe(200);

    const visitor = await signIn('visitor@ladocs.example', 'none');
    const visitorTokens = await exchange(visitor.code, visitor.verifier);
    expect(decodeJwt(visitorTokens.body.id_token ?? '')).not.toHaveProperty('cognito:groups');
    expect((await listAs(visitorTokens.body.id_token)).status).toBe(403);
  });

  it('requires PKCE: no challenge is refused, and a code with the wrong verifier buys nothing', async () => {
    const jar = new CookieJar();
    const refused = await step(jar, authorizeUrl());
    const back = new URL(refused.headers.get('location') ?? '', base());
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);

    const { code } = await signIn('casey@ladocs.example', 'staff');
    const stolen = await exchange(code, pkce().verifier);
    expect(stolen.status).toBe(400);
    expect(stolen.body.error).toBe('invalid_grant');
  });

  it('rotates the refresh token on every use, and a revoked one renews nothing', async () => {
    const { code, verifier } = await signIn('casey@ladocs.example', 'staff');
    const first = await exchange(code, verifier);
    const original = first.body.refresh_token ?? '';

    const renewed = await token({ grant_type: 'refresh_token', refresh_token: original });
    expect(renewed.status).toBe(200);
    expect(renewed.body.refresh_token).not.toBe(original);
    expect((await listAs(renewed.body.id_token)).status).toBe(200);
    // The old one is spent.
    expect((await token({ grant_type: 'refresh_token', refresh_token: original })).status).toBe(
      400,
    );

    const revoke = await fetch(`${base()}/oidc/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: LOCAL_CONSOLE_CLIENT_ID,
        token: renewed.body.refresh_token ?? '',
        token_type_hint: 'refresh_token',
      }).toString(),
    });
    expect(revoke.status).toBe(200);
    const afterRevoke = await token({
      grant_type: 'refresh_token',
      refresh_token: renewed.body.refresh_token ?? '',
    });
    expect(afterRevoke.body.error).toBe('invalid_grant');
  });

  it('signs out as Cognito’s /logout does: only to a registered sign-out URL, ending the session', async () => {
    const { jar } = await signIn('casey@ladocs.example', 'staff');
    // While the session lasts, a new sign-in needs no page.
    const silent = await step(jar, authorizeUrl(pkce().challenge));
    expect(silent.headers.get('location')).toMatch(/\/console\/callback\?code=/);

    const elsewhere = await step(
      jar,
      `/oidc/logout?client_id=${LOCAL_CONSOLE_CLIENT_ID}&logout_uri=${encodeURIComponent('https://evil.example/')}`,
    );
    expect(elsewhere.status).toBe(400);

    const logout = await step(
      jar,
      `/oidc/logout?client_id=${LOCAL_CONSOLE_CLIENT_ID}&logout_uri=${encodeURIComponent(`${base()}/console`)}`,
    );
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe(`${base()}/console`);
    const again = await step(jar, authorizeUrl(pkce().challenge));
    expect(again.headers.get('location')).toMatch(/^\/oidc\/interaction\//);
  });
});
