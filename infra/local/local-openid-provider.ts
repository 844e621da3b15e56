import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWK } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';
import { LOCAL_ISSUER } from './local-issuer.js';
import { renderSignInPage, SIGN_IN_GROUPS, type SignInGroup } from './sign-in-page.js';

/** Where the local provider is mounted on the gateway, standing in for Cognito's domain. */
export const OPENID_PROVIDER_PATH = '/oidc';
/** The staff console's app client id locally (deployed, CDK names the Cognito client). */
export const LOCAL_CONSOLE_CLIENT_ID = 'local-staff-console';

/** How long what the provider issues lasts; the defaults follow the deployed app client. */
export interface TokenLifetimes {
  idTokenSeconds: number;
  refreshTokenSeconds: number;
}

/** Cognito's settings for the console's client (infra/constructs/auth.ts) in seconds. */
export const CONSOLE_TOKEN_LIFETIMES: TokenLifetimes = {
  idTokenSeconds: 15 * 60,
  refreshTokenSeconds: 12 * 60 * 60,
};

const MAX_FORM_BYTES = 4 * 1024;

function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_FORM_BYTES) request.destroy(new Error('form too large'));
    });
    request.on('end', () => resolve(new URLSearchParams(body)));
    request.on('error', reject);
  });
}

function sendHtml(response: ServerResponse, statusCode: number, html: string) {
  response.writeHead(statusCode, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // As strict as the console: no script at all, posts to this origin only.
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  });
  response.end(html);
}

/** A stable, Cognito-like `sub` (a UUID) for an address, so a person keeps theirs across sign-ins. */
export function localSubject(email: string): string {
  const hex = createHash('sha256').update(email).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The local stand-in for Cognito's managed login: a real OpenID provider (`oidc-provider`,
 * OpenID Certified) that runs the authorization code flow with PKCE for the console, signs
 * RS256 ID tokens with the key the local gateway trusts, and puts in them what Cognito
 * does (`sub`, `email`, `cognito:groups`, `cognito:username`, `token_use: id`). Its sign-in
 * page asks for an address and a group instead of a password. Cognito's `/logout`
 * (`client_id` and `logout_uri`) and `/oauth2/revoke` have their counterparts here.
 */
export function createLocalOpenIdProvider(options: {
  /** The gateway's origins (localhost and 127.0.0.1): where the console may be redirected to. */
  consoleOrigins: readonly string[];
  signingKey: JWK;
  lifetimes?: TokenLifetimes;
}) {
  const lifetimes = options.lifetimes ?? CONSOLE_TOKEN_LIFETIMES;
  const people = new Map<string, { email: string; group: SignInGroup }>();
  const logoutUris = options.consoleOrigins.map((origin) => `${origin}/console`);

  const configuration: Configuration = {
    clients: [
      {
        client_id: LOCAL_CONSOLE_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: options.consoleOrigins.map((origin) => `${origin}/console/callback`),
        post_logout_redirect_uris: logoutUris,
      },
    ],
    jwks: { keys: [options.signingKey as never] },
    // Cognito puts its groups and the username in the ID token whatever the scopes.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub', 'cognito:groups', 'cognito:username', 'token_use'],
      email: ['email', 'email_verified'],
      profile: [],
    },
    findAccount: async (_ctx, sub) => {
      const person = people.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: async (use) => ({
          sub,
          email: person.email,
          email_verified: true,
          'cognito:username': sub,
          // Cognito leaves the claim out for someone in no group.
          ...(person.group === 'none' ? {} : { 'cognito:groups': [person.group] }),
          ...(use === 'id_token' ? { token_use: 'id' } : {}),
        }),
      };
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    interactions: {
      url: async (_ctx, interaction) => `${OPENID_PROVIDER_PATH}/interaction/${interaction.uid}`,
    },
    pkce: { required: () => true },
    // As Cognito: a refresh token for every code exchange, rotated on each use, valid until
    // it expires or is revoked (not tied to the sign-in session's cookie).
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    expiresWithSession: async () => false,
    ttl: {
      IdToken: lifetimes.idTokenSeconds,
      AccessToken: lifetimes.idTokenSeconds,
      // As Cognito: a rotated refresh token lasts only what was left of the one it replaces.
      RefreshToken: (ctx) =>
        ctx?.oidc?.entities.RotatedRefreshToken?.remainingTTL ?? lifetimes.refreshTokenSeconds,
      Session: lifetimes.refreshTokenSeconds,
      Grant: lifetimes.refreshTokenSeconds,
      Interaction: 10 * 60,
      AuthorizationCode: 5 * 60,
    },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = renderSignInPage({ error: String(out.error_description ?? out.error) });
    },
  };
  const provider = new Provider(LOCAL_ISSUER, configuration);
  // The gateway speaks plain HTTP on localhost; the provider must not insist on TLS.
  provider.proxy = true;
  const handle = provider.callback();

  async function signIn(request: IncomingMessage, response: ServerResponse) {
    const form = await readForm(request);
    const email = (form.get('email') ?? '').trim().toLowerCase();
    const group = form.get('group') ?? '';
    if (!EMAIL_SHAPE.test(email) || !(SIGN_IN_GROUPS as readonly string[]).includes(group)) {
      sendHtml(
        response,
        400,
        renderSignInPage({
          error: 'Enter an email address and choose a group.',
          email,
          action: request.url ?? '',
        }),
      );
      return;
    }
    const details = await provider.interactionDetails(request, response);
    const accountId = localSubject(email);
    people.set(accountId, { email, group: group as SignInGroup });
    // Staff consent to nothing in Cognito's managed login: the grant is given with the sign-in.
    const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope ?? 'openid'));
    const grantId = await grant.save();
    await provider.interactionFinished(
      request,
      response,
      { login: { accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  async function showSignIn(request: IncomingMessage, response: ServerResponse, uid: string) {
    const details = await provider.interactionDetails(request, response);
    const session = details.session?.accountId;
    if (details.prompt.name === 'consent' && session) {
      const grant = new provider.Grant({
        accountId: session,
        clientId: String(details.params.client_id),
      });
      grant.addOIDCScope(String(details.params.scope ?? 'openid'));
      await provider.interactionFinished(
        request,
        response,
        { consent: { grantId: await grant.save() } },
        { mergeWithLastSubmission: true },
      );
      return;
    }
    sendHtml(
      response,
      200,
      renderSignInPage({ action: `${OPENID_PROVIDER_PATH}/interaction/${uid}/login` }),
    );
  }

  /** Cognito's `/logout`: ends the sign-in session and returns to a registered sign-out URL. */
  async function logout(request: IncomingMessage, response: ServerResponse, url: URL) {
    const clientId = url.searchParams.get('client_id');
    const logoutUri = url.searchParams.get('logout_uri') ?? '';
    if (clientId !== LOCAL_CONSOLE_CLIENT_ID || !logoutUris.includes(logoutUri)) {
      sendHtml(response, 400, renderSignInPage({ error: 'That sign-out link is not valid.' }));
      return;
    }
    const ctx = provider.createContext(request, response);
    const session = await provider.Session.get(ctx);
    if (session.accountId) await session.destroy();
    ctx.cookies.set(provider.cookieName('session'), null);
    response.writeHead(302, { location: logoutUri, 'cache-control': 'no-store' });
    response.end();
  }

  return {
    issuer: LOCAL_ISSUER,
    /** Serves a request whose path starts with OPENID_PROVIDER_PATH. */
    async handle(request: IncomingMessage, response: ServerResponse) {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const path = url.pathname.slice(OPENID_PROVIDER_PATH.length) || '/';
      const interaction = /^\/interaction\/([\w-]+)(\/login)?$/.exec(path);
      try {
        if (interaction?.[1] && request.method === 'GET' && !interaction[2]) {
          await showSignIn(request, response, interaction[1]);
          return;
        }
        if (interaction?.[2] && request.method === 'POST') {
          await signIn(request, response);
          return;
        }
        if (path === '/logout' && request.method === 'GET') {
          await logout(request, response, url);
          return;
        }
      } catch (error) {
        // An expired or unknown interaction: start again from the console.
        sendHtml(
          response,
          400,
          renderSignInPage({
            error:
              error instanceof Error && error.name === 'SessionNotFound'
                ? 'This sign-in has expired. Go back to the console and sign in again.'
                : 'Signing in failed. Go back to the console and try again.',
          }),
        );
        return;
      }
      // oidc-provider works out its own URLs from the mount point in originalUrl. Cognito's
      // revocation path is served as the provider's own.
      const providerPath = `${path === '/oauth2/revoke' ? '/token/revocation' : path}${url.search}`;
      (request as IncomingMessage & { originalUrl?: string }).originalUrl =
        `${OPENID_PROVIDER_PATH}${providerPath}`;
      request.url = providerPath;
      handle(request, response);
    },
  };
}
