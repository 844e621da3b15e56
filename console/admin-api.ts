import type { Cycle, CycleDetails } from '../shared/applications/cycles.js';
import type { ErasedSubmission, Submission } from '../shared/applications/submission.js';
import type { MatchHealthView } from '../shared/check-ins/matches-view.js';
import type { DashboardView } from '../shared/dashboard/dashboard-view.js';
import type {
  ColleagueCandidates,
  ColleagueOutcome,
  ColleagueRequest,
} from '../shared/matching/colleague.js';
import type {
  ColleagueEndingOutcome,
  MatchEndingOutcome,
  MatchEndingRequest,
} from '../shared/matching/match-ending.js';
import type { ApprovalReport } from '../shared/matching/matching-ports.js';
import type { MatchingRunView } from '../shared/matching/matching-service.js';
import type { MatchingSettings } from '../shared/matching/matching-settings.js';
import type { PairKey } from '../shared/matching/pool.js';
import type { CycleCompleted } from '../shared/outcomes/complete-cycles.js';
import type { OutcomesReport } from '../shared/outcomes/outcomes-report.js';
import type { LetterCandidate, LetterIssueReport } from '../shared/recognition/issue-letters.js';
import type { BulkStatusReport } from '../shared/review/bulk-status-contract.js';
import type { CarryOverSummary } from '../shared/review/carry-over.js';
import type { CycleListing } from '../shared/review/cycle-admin.js';
import type { InvitationSummary } from '../shared/review/returning-mentors.js';
import type { SubmissionPage } from '../shared/review/staff-ports.js';

/** A refusal from the admin API, with its machine-readable code and per-field issues. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ReadonlyArray<{ path: string; message: string }> = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiProblem';
  }
}

/** A matching run as the API shows it: with the names of its people and their address problems. */
export type { MatchingRunView };

/** What the API client needs from sign-in. */
export interface TokenSource {
  idToken(): Promise<string | undefined>;
  renew(): Promise<string | undefined>;
  /** Called when no token works any more: sends the person to sign in again. */
  sessionEnded(): Promise<never>;
}

// Every call gives up after this long: the API answers in well under a second, except
// approval, which works for up to the function's 10 s and then says what remains.
const REQUEST_TIMEOUT_MS = 15_000;

async function problemOf(response: Response): Promise<ApiProblem> {
  let body: { error?: string; message?: string; issues?: { path: string; message: string }[] } = {};
  try {
    body = await response.json();
  } catch {
    // Not JSON (a gateway's own answer): the status says enough.
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiProblem(
    response.status,
    body.error ?? `http_${response.status}`,
    body.message ?? `The service answered ${response.status}. Try again in a moment.`,
    body.issues ?? [],
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

/**
 * The admin API, called on this origin with the ID token. A 401 renews the token once and
 * tries again; if that fails too, the person signs in again and comes back to this page.
 */
export function createAdminApi(tokens: TokenSource) {
  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    const send = (token: string | undefined) =>
      fetch(path, {
        ...init,
        headers: {
          ...(init.headers ?? {}),
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    let response = await send(await tokens.idToken());
    if (response.status === 401) {
      const renewed = await tokens.renew();
      if (renewed) response = await send(renewed);
      if (response.status === 401) return tokens.sessionEnded();
    }
    if (!response.ok) throw await problemOf(response);
    return response;
  }
  const json = async <T>(path: string, init?: RequestInit) =>
    (await (await call(path, init)).json()) as T;

  return {
    list: (query: URLSearchParams) => json<SubmissionPage>(`/admin/submissions?${query}`),
    get: async (id: string) => {
      const response = await call(`/admin/submissions/${encodeURIComponent(id)}`);
      return (await response.json()) as Submission | ErasedSubmission;
    },
    update: (id: string, version: number, change: { status?: string; notes?: string }) =>
      json<Submission>(`/admin/submissions/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'If-Match': `"${version}"` },
        body: JSON.stringify(change),
      }),
    /** Moves these applications to `status`, each on its own; what happened to each. */
    changeStatuses: (change: { ids: string[]; status: string; note?: string }) =>
      json<BulkStatusReport>('/admin/submissions/status-changes', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(change),
      }),
    erase: async (id: string) => {
      await call(`/admin/submissions/${encodeURIComponent(id)}`, { method: 'DELETE' });
    },
    runMatching: (request: { pinned: PairKey[]; excluded: PairKey[] }) =>
      json<MatchingRunView>('/admin/matching/runs', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      }),
    matchingRun: (id: string) =>
      json<MatchingRunView>(`/admin/matching/runs/${encodeURIComponent(id)}`),
    /** Approves these pairs of a run, or all of them: what was settled, and what remains. */
    approve: (runId: string, pairs?: PairKey[]) =>
      json<ApprovalReport>(`/admin/matching/runs/${encodeURIComponent(runId)}/approve`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        // Only the keys: the API refuses anything else in a pair.
        body: JSON.stringify(
          pairs ? { pairs: pairs.map(({ mentorId, menteeId }) => ({ mentorId, menteeId })) } : {},
        ),
      }),
    /** Ends a mentee's match for a reason, with them back in the pool with priority or not. */
    endMatch: (menteeId: string, request: MatchEndingRequest) =>
      json<MatchEndingOutcome>(`/admin/matching/matches/${encodeURIComponent(menteeId)}/end`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      }),
    /** The dashboard of a cycle (the current one when none is named). */
    dashboard: (cycle?: string) =>
      json<DashboardView>(`/admin/dashboard${cycle ? `?cycle=${encodeURIComponent(cycle)}` : ''}`),
    /** The program's cycles, the current one, and whether the forms are open. */
    cycles: () => json<CycleListing>('/admin/cycles'),
    /** A new cycle; its window's ends as Los Angeles wall times (`2027-01-15T09:00`). */
    createCycle: (details: CycleDetails) =>
      json<Cycle>('/admin/cycles', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(details),
      }),
    /** Changes a cycle, if nobody changed it since `version` (409 otherwise). */
    changeCycle: (id: string, version: number, details: CycleDetails) =>
      json<Cycle>(`/admin/cycles/${encodeURIComponent(id)}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'If-Match': `"${version}"` },
        body: JSON.stringify(details),
      }),
    /** Carries the cycle before's waiting mentees into this one, with priority. */
    carryOver: (id: string) =>
      json<CarryOverSummary>(`/admin/cycles/${encodeURIComponent(id)}/carry-over`, {
        method: 'POST',
      }),
    /** Emails the cycle before's mentors a link to take part in this one (once each). */
    inviteReturningMentors: (id: string) =>
      json<InvitationSummary>(`/admin/cycles/${encodeURIComponent(id)}/invitations`, {
        method: 'POST',
      }),
    /** What came of a cycle (the current one without an id), for the board. */
    outcomes: (cycleId?: string) =>
      json<OutcomesReport>(
        `/admin/outcomes${cycleId ? `?cycle=${encodeURIComponent(cycleId)}` : ''}`,
      ),
    /** The outcomes as CSV, and the file name the API gives it. */
    outcomesCsv: async (cycleId: string) => {
      const response = await call(`/admin/outcomes.csv?cycle=${encodeURIComponent(cycleId)}`);
      const disposition = response.headers.get('content-disposition') ?? '';
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'outcomes.csv';
      return { filename, blob: await response.blob() };
    },
    /** Completes a cycle's matches now (its applications must have closed). */
    completeCycle: (id: string) =>
      json<CycleCompleted>(`/admin/cycles/${encodeURIComponent(id)}/completion`, {
        method: 'POST',
      }),
    /** The mentors who completed a cycle, with the facts their letter states and its state. */
    letters: (cycleId: string) =>
      json<{ cycle: Pick<Cycle, 'id' | 'name'>; mentors: LetterCandidate[] }>(
        `/admin/cycles/${encodeURIComponent(cycleId)}/letters`,
      ),
    /** Issues these mentors' letters (once each, emailed where they consented). */
    issueLetters: (cycleId: string, mentorIds: string[]) =>
      json<LetterIssueReport>(`/admin/cycles/${encodeURIComponent(cycleId)}/letters`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ mentorIds }),
      }),
    /** A mentor's issued letter as a PDF, and the file name the API gives it. */
    downloadLetter: async (cycleId: string, mentorId: string) => {
      const response = await call(
        `/admin/cycles/${encodeURIComponent(cycleId)}/letters/${encodeURIComponent(mentorId)}`,
      );
      const disposition = response.headers.get('content-disposition') ?? '';
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'letter-of-recognition.pdf';
      return { filename, blob: await response.blob() };
    },
    /** The current cycle's matches in place, with their check-ins and flags. */
    matches: () => json<{ cycle: Cycle | null; matches: MatchHealthView[] }>('/admin/matches'),
    /** Records what staff did about a match; it clears the flags raised before it. */
    addFollowUp: (menteeId: string, matchId: string, note: string) =>
      json(`/admin/matches/${encodeURIComponent(menteeId)}/follow-ups`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ matchId, note }),
      }),
    /** The mentors who could be a matched mentee's colleague, ranked, for a specialty or any. */
    colleagueCandidates: (menteeId: string, specialty?: string) =>
      json<ColleagueCandidates>(
        `/admin/matches/${encodeURIComponent(menteeId)}/colleague-candidates${
          specialty ? `?specialty=${encodeURIComponent(specialty)}` : ''
        }`,
      ),
    /** Brings a colleague in as the mentee's second mentor, for a stated need. */
    bringInColleague: (menteeId: string, request: ColleagueRequest) =>
      json<ColleagueOutcome>(`/admin/matches/${encodeURIComponent(menteeId)}/colleagues`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      }),
    /** Ends only the mentee's colleague match; the primary match stays. */
    endColleague: (menteeId: string, mentorId: string) =>
      json<ColleagueEndingOutcome>(
        `/admin/matches/${encodeURIComponent(menteeId)}/colleagues/${encodeURIComponent(mentorId)}`,
        { method: 'DELETE' },
      ),
    matchingSettings: () => json<MatchingSettings>('/admin/matching/settings'),
    saveMatchingSettings: (version: number, settings: Omit<MatchingSettings, 'version'>) =>
      json<MatchingSettings>('/admin/matching/settings', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'If-Match': `"${version}"` },
        body: JSON.stringify(settings),
      }),
    /** The CSV for the filters, and the file name the API gives it. */
    exportCsv: async (query: URLSearchParams) => {
      const response = await call(`/admin/submissions/export.csv?${query}`);
      const disposition = response.headers.get('content-disposition') ?? '';
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'applications.csv';
      return { filename, blob: await response.blob() };
    },
  };
}

/** The admin API as the console uses it. */
export type AdminApi = ReturnType<typeof createAdminApi>;
