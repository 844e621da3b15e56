import { InMemoryWebStorage, type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { ConsoleAuthSettings } from '../shared/review/console/console-settings.js';
import { reviewDrafts } from './drafts.js';

/** The person signed in, as their ID token names them. */
export interface StaffMember {
  email: string;
  groups: string[];
}

/** Where to come back to after signing in. */
interface ReturnState {
  returnTo: string;
}

const CALLBACK_PATH = '/console/callback';
// Every call to the sign-in service gives up after this long rather than hang the page.
const REQUEST_TIMEOUT_SECONDS = 10;

function memberOf(user: User): StaffMember {
  const groups = user.profile['cognito:groups'];
  return {
    email: String(user.profile.email ?? user.profile.sub),
    groups: Array.isArray(groups) ? groups.map(String) : [],
  };
}

/**
 * Sign-in with OAuth 2.0 authorization code and PKCE (oidc-client-ts), as Cognito's managed
 * login runs it. Tokens live in memory only, so a reload signs in again (silently, while
 * the sign-in service's session lasts); only the PKCE verifier and the page to return to
 * cross the redirect, in sessionStorage. No iframe renewal (Cognito forbids framing): an
 * expired ID token is renewed with the refresh token, else the person signs in again.
 */
export function createStaffSignIn(settings: ConsoleAuthSettings) {
  const origin = window.location.origin;
  const manager = new UserManager({
    authority: settings.authority,
    client_id: settings.clientId,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/console`,
    response_type: 'code',
    scope: 'openid email profile',
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
    monitorSession: false,
    loadUserInfo: false,
    requestTimeoutInSeconds: REQUEST_TIMEOUT_SECONDS,
    // Cognito's revocation endpoint sits beside its /logout on the user pool domain.
    metadataSeed: { revocation_endpoint: new URL('oauth2/revoke', settings.logoutUrl).href },
  });
  let user: User | null = null;

  const signInAgain = async (returnTo: string): Promise<never> => {
    await manager.signinRedirect({ state: { returnTo } satisfies ReturnState });
    // The browser is leaving for the sign-in page.
    return new Promise<never>(() => undefined);
  };

  return {
    /**
     * Completes a sign-in when the sign-in service sent the browser back here, else starts
     * one. Resolves with the person and the fragment of the page they were on.
     */
    async start(): Promise<{ member: StaffMember; returnTo: string }> {
      if (window.location.pathname === CALLBACK_PATH) {
        const params = new URLSearchParams(window.location.search);
        if (params.has('code') || params.has('error')) {
          user = await manager.signinRedirectCallback();
          const state = user.state as Partial<ReturnState> | undefined;
          return { member: memberOf(user), returnTo: state?.returnTo ?? '#/' };
        }
      }
      return signInAgain(window.location.hash || '#/');
    },

    /** The current ID token, renewed with the refresh token when it has expired. */
    async idToken(): Promise<string | undefined> {
      if (user && !user.expired) return user.id_token;
      return this.renew();
    },

    /** A new ID token from the refresh token (rotated by the service), or undefined. */
    async renew(): Promise<string | undefined> {
      if (!user?.refresh_token) return undefined;
      try {
        user = await manager.signinSilent();
        return user?.id_token;
      } catch {
        user = null;
        return undefined;
      }
    },

    /** Sends the person to sign in again, coming back to `returnTo`. */
    signInAgain,

    /** Revokes the refresh token, forgets the tokens, and ends the sign-in service's session. */
    async signOut(): Promise<void> {
      try {
        if (user?.refresh_token) await manager.revokeTokens(['refresh_token']);
      } catch {
        // Signing out must not fail because revocation did; the token expires anyway.
      }
      await manager.removeUser();
      reviewDrafts.forgetAll();
      user = null;
      const logout = new URL(settings.logoutUrl);
      logout.searchParams.set('client_id', settings.clientId);
      logout.searchParams.set('logout_uri', `${origin}/console`);
      window.location.assign(logout.href);
    },
  };
}

/** The console's sign-in. */
export type StaffSignIn = ReturnType<typeof createStaffSignIn>;
