import { render } from 'preact';
import type { ConsoleSettings } from '../shared/review/console/console-settings.js';
import { createAdminApi } from './admin-api.js';
import { createStaffSignIn } from './auth.js';
import { html } from './html.js';
import { App } from './views/app.js';

const root = document.getElementById('console');
const settingsBlock = document.getElementById('console-settings');

async function start(container: HTMLElement, settings: ConsoleSettings) {
  const signIn = createStaffSignIn(settings.auth);
  let started: Awaited<ReturnType<typeof signIn.start>>;
  try {
    started = await signIn.start();
  } catch {
    // A stale or reused sign-in response (the back button, a reload of the callback).
    render(
      html`<main class="page"><h1>Staff console</h1>
        <p role="alert">Signing in did not complete.</p>
        <button type="button" onClick=${() => signIn.signInAgain('#/')}>Sign in again</button></main>`,
      container,
    );
    return;
  }
  // Back on the page the person was on, without the sign-in response in the address.
  window.history.replaceState(null, '', `/console${started.returnTo}`);
  const api = createAdminApi({
    idToken: () => signIn.idToken(),
    renew: () => signIn.renew(),
    sessionEnded: () => signIn.signInAgain(window.location.hash || '#/'),
  });
  container.replaceChildren();
  render(
    html`<${App} api=${api} settings=${settings} member=${started.member}
      signOut=${() => signIn.signOut()} />`,
    container,
  );
}

if (root && settingsBlock?.textContent) {
  void start(root, JSON.parse(settingsBlock.textContent) as ConsoleSettings);
}
