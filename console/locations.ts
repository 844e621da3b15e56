import type { ApplicationType } from '../shared/applications/schemas/application-types.js';

/** The list's filters and search, as the address keeps them. */
export interface ListFilters {
  q?: string;
  type?: ApplicationType;
  status?: string;
  from?: string;
  to?: string;
  /** The cycle the applications were received in (or carried into). */
  cycle?: string;
  cursor?: string;
}

/** Where in the console a person is: the dashboard, the list (with its filters), one application… */
export type ConsoleLocation =
  | { view: 'list'; filters: ListFilters }
  | { view: 'submission'; id: string }
  | { view: 'matching'; runId?: string }
  | { view: 'dashboard' }
  | { view: 'cycles' }
  /** A cycle's letters of recognition, reached from the Cycles view (admins). */
  | { view: 'letters'; cycleId: string }
  | { view: 'matches' }
  | { view: 'outcomes'; cycle?: string };

/** The address of a cycle's letters of recognition. */
export const lettersHref = (cycleId: string) => formatLocation({ view: 'letters', cycleId });

/** The sections of the console, in the order the navigation lists them. */
export const SECTIONS = [
  { view: 'dashboard', label: 'Dashboard', href: '#/' },
  { view: 'list', label: 'Applications', href: '#/applications' },
  { view: 'matching', label: 'Matching', href: '#/matching' },
  { view: 'matches', label: 'Matches', href: '#/matches' },
  { view: 'outcomes', label: 'Outcomes', href: '#/outcomes' },
  { view: 'cycles', label: 'Cycles', href: '#/cycles' },
] as const;

/** The section a location belongs to (an application belongs to the list). */
export const sectionOf = (location: ConsoleLocation) =>
  location.view === 'submission' ? 'list' : location.view === 'letters' ? 'cycles' : location.view;

const FILTER_NAMES = ['q', 'type', 'status', 'from', 'to', 'cycle', 'cursor'] as const;

/**
 * Reads a location from the address's fragment (`#/applications?status=received`,
 * `#/submissions/ID`), so a reload, a bookmark or a return from signing in lands on the
 * same view. The first page is the dashboard; the list's older addresses (`#/?status=…`,
 * from before the dashboard came first) still open the list.
 */
export function parseLocation(hash: string): ConsoleLocation {
  const path = hash.replace(/^#/, '');
  const submission = /^\/submissions\/([0-9A-Za-z]{1,40})$/.exec(path);
  if (submission?.[1]) return { view: 'submission', id: submission[1] };
  if (path === '' || path === '/' || path === '/dashboard') return { view: 'dashboard' };
  if (path === '/cycles') return { view: 'cycles' };
  const letters = /^\/cycles\/([\w-]{1,64})\/letters$/.exec(path);
  if (letters?.[1]) return { view: 'letters', cycleId: letters[1] };
  if (path === '/matches') return { view: 'matches' };
  const outcomes = /^\/outcomes(?:\?cycle=([\w-]{1,64}))?$/.exec(path);
  if (outcomes)
    return outcomes[1] ? { view: 'outcomes', cycle: outcomes[1] } : { view: 'outcomes' };
  const run = /^\/matching(?:\/runs\/([0-9A-Za-z]{1,40}))?$/.exec(path);
  if (run) return run[1] ? { view: 'matching', runId: run[1] } : { view: 'matching' };
  const query = new URLSearchParams(path.split('?')[1] ?? '');
  const filters: ListFilters = {};
  for (const name of FILTER_NAMES) {
    const value = query.get(name)?.trim();
    if (value) (filters as Record<string, string>)[name] = value;
  }
  if (filters.type !== 'mentor' && filters.type !== 'mentee') delete filters.type;
  return { view: 'list', filters };
}

/** The fragment of a location: the inverse of parseLocation. */
export function formatLocation(location: ConsoleLocation): string {
  if (location.view === 'submission') return `#/submissions/${location.id}`;
  if (location.view === 'dashboard') return '#/';
  if (location.view === 'cycles') return '#/cycles';
  if (location.view === 'letters') return `#/cycles/${location.cycleId}/letters`;
  if (location.view === 'matches') return '#/matches';
  if (location.view === 'outcomes') {
    return location.cycle ? `#/outcomes?cycle=${location.cycle}` : '#/outcomes';
  }
  if (location.view === 'matching') {
    return location.runId ? `#/matching/runs/${location.runId}` : '#/matching';
  }
  const query = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = location.filters[name];
    if (value) query.set(name, value);
  }
  const search = query.toString();
  return search ? `#/applications?${search}` : '#/applications';
}

/** The API query of a list location: its filters, and the page size. */
export function listQuery(filters: ListFilters, limit: number): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = filters[name];
    if (value) query.set(name, value);
  }
  query.set('limit', String(limit));
  return query;
}

/** The export's query: the list's filters without the search and the page. */
export function exportQuery(filters: ListFilters): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of ['type', 'status', 'from', 'to', 'cycle'] as const) {
    const value = filters[name];
    if (value) query.set(name, value);
  }
  return query;
}

/** The list's `cycle` when a person chose every cycle (no cycle is the current one's default). */
export const ALL_CYCLES = 'all';

/**
 * The filters the list applies: the current cycle when the address names none (staff work on
 * it), no cycle filter when it says `all`, else the cycle it names.
 */
export function effectiveFilters(filters: ListFilters, currentCycleId: string | null): ListFilters {
  if (filters.cycle === ALL_CYCLES) {
    const { cycle: _all, ...rest } = filters;
    return rest;
  }
  if (filters.cycle === undefined && currentCycleId) return { ...filters, cycle: currentCycleId };
  return filters;
}
