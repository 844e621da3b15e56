import { useEffect, useState } from 'preact/hooks';
import type { ConsoleSettings } from '../../shared/review/console/console-settings.js';
import type { CycleListing } from '../../shared/review/cycle-admin.js';
import type { AdminApi } from '../admin-api.js';
import type { StaffMember } from '../auth.js';
import { html } from '../html.js';
import { lazyView } from '../lazy-view.js';
import { type ConsoleLocation, parseLocation, SECTIONS, sectionOf } from '../locations.js';
import { DashboardView } from './dashboard-view.js';
import { ListView } from './list-view.js';
import { SubmissionView } from './submission-view.js';

const STAFF_GROUPS = ['staff', 'admins'];

// Loaded when first opened: the dashboard, the first page, does not need them.
const MatchingView = lazyView(async () => (await import('./matching-view.js')).MatchingView);
const CyclesView = lazyView(async () => (await import('./cycles-view.js')).CyclesView);
const MatchesView = lazyView(async () => (await import('./matches-view.js')).MatchesView);
const OutcomesView = lazyView(async () => (await import('./outcomes-view.js')).OutcomesView);
const LettersView = lazyView(async () => (await import('./letters-view.js')).LettersView);

interface AppProps {
  api: AdminApi;
  settings: ConsoleSettings;
  member: StaffMember;
  signOut: () => void;
}

/** The console: a header with who is signed in, and the view the address names. */
export function App({ api, settings, member, signOut }: AppProps) {
  const [location, setLocation] = useState<ConsoleLocation>(parseLocation(window.location.hash));
  const [flash, setFlash] = useState<string | undefined>();
  const hasAccess = member.groups.some((group) => STAFF_GROUPS.includes(group));
  const isAdmin = member.groups.includes('admins');

  // The cycles, read once and again after an admin changes them: the list's default filter.
  const [cycles, setCycles] = useState<CycleListing | null>(null);
  const [cyclesRead, setCyclesRead] = useState(false);
  const readCycles = () =>
    api
      .cycles()
      .then(setCycles)
      // Without them the list shows every cycle; the Cycles view says what went wrong.
      .catch(() => setCycles(null))
      .finally(() => setCyclesRead(true));
  useEffect(() => {
    if (hasAccess) readCycles();
  }, []);

  useEffect(() => {
    const follow = () => {
      setLocation(parseLocation(window.location.hash));
      setFlash(undefined);
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  // A new view takes focus at its heading, so a screen reader announces where it is.
  useEffect(() => {
    document.querySelector<HTMLElement>('h1[tabindex="-1"]')?.focus();
    window.scrollTo(0, 0);
  }, [location.view, location.view === 'submission' ? location.id : '']);
  // (A matching run's address changes as it is created: focus stays where the person is.)

  const leave = (message: string) => {
    window.location.hash = '#/applications';
    // Set after the hash change resets it.
    setTimeout(() => setFlash(message), 0);
  };

  return html`<header class="masthead">
      <p class="brand"><a href="#/">LACMA Mentoring: staff console</a></p>
      ${
        hasAccess
          ? html`<nav aria-label="Sections" class="sections">${SECTIONS.map(
              (section) =>
                html`<a href=${section.href} aria-current=${sectionOf(location) === section.view ? 'page' : undefined}>${section.label}</a>`,
            )}</nav>`
          : null
      }
      <p class="who">Signed in as <strong>${member.email}</strong>
        ${hasAccess ? html` (${isAdmin ? 'admins' : 'staff'})` : null}</p>
      <button type="button" class="secondary" onClick=${signOut}>Sign out</button>
    </header>
    <main class="page" id="main">
      ${
        !hasAccess
          ? html`<h1 tabindex="-1">No access</h1>
              <p role="alert">Your account (${member.email}) is not in the staff or admins group, so it
                cannot see applications. Ask a program administrator to add you, then sign in again.</p>`
          : location.view === 'submission'
            ? html`<${SubmissionView} api=${api} settings=${settings} id=${location.id}
                isAdmin=${isAdmin} leave=${leave} />`
            : location.view === 'matching'
              ? html`<${MatchingView} api=${api} settings=${settings} isAdmin=${isAdmin}
                  runId=${location.runId} />`
              : location.view === 'dashboard'
                ? html`<${DashboardView} api=${api} settings=${settings} />`
                : location.view === 'cycles'
                  ? html`<${CyclesView} api=${api} isAdmin=${isAdmin} changed=${readCycles} />`
                  : location.view === 'letters'
                    ? isAdmin
                      ? html`<${LettersView} api=${api} cycleId=${location.cycleId} />`
                      : html`<h1 tabindex="-1">Letters of recognition</h1>
                          <p role="alert">Letters of recognition are issued by admins. Ask a program administrator.</p>`
                    : location.view === 'matches'
                      ? html`<${MatchesView} api=${api} settings=${settings} />`
                      : location.view === 'outcomes'
                        ? html`<${OutcomesView} api=${api} isAdmin=${isAdmin}
                            cycleId=${location.cycle} cycles=${cycles} />`
                        : !cyclesRead
                          ? html`<p role="status">Loading applications…</p>`
                          : html`<${ListView} api=${api} settings=${settings} filters=${location.filters}
                        cycles=${cycles} isAdmin=${isAdmin} flash=${flash} />`
      }
    </main>`;
}
