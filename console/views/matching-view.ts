import { useEffect, useState } from 'preact/hooks';
import type { DashboardView } from '../../shared/dashboard/dashboard-view.js';
import type { ApprovalOutcome } from '../../shared/matching/matching-ports.js';
import type { PairKey } from '../../shared/matching/pool.js';
import { counted } from '../../shared/platform/text/plural-words.js';
import type { ConsoleSettings } from '../../shared/review/console/console-settings.js';
import { addressProblemText } from '../address-problem.js';
import type { AdminApi, ApiProblem, MatchingRunView } from '../admin-api.js';
import {
  type ApprovalProgress,
  approvalProgressText,
  approveAllPairs,
  pairKeyOf,
} from '../approve-all.js';
import { html } from '../html.js';
import { formatLocation } from '../locations.js';
import { asProblem, ProblemMessage } from './problem-message.js';
import { ScoringSettings } from './scoring-settings.js';

const OUTCOME_WORDS: Record<ApprovalOutcome, string> = {
  approved: 'Approved: both are matched and introduced by email',
  already_approved: 'Already approved',
  mentee_taken: 'Not approved: the mentee was matched meanwhile',
  not_in_pool: 'Not approved: one of them is no longer in review',
  mentor_full: 'Not approved: the mentor is full',
  excluded: 'Not approved: staff ended their match, so this mentor is left out for this mentee',
};

const has = (list: PairKey[], pair: PairKey) =>
  list.some((item) => pairKeyOf(item) === pairKeyOf(pair));
const toggle = (list: PairKey[], pair: PairKey) =>
  has(list, pair) ? list.filter((item) => pairKeyOf(item) !== pairKeyOf(pair)) : [...list, pair];

/** Matching: run suggestions, read each pair's reasons and the unmatched, pin, exclude, approve. */
export function MatchingView({
  api,
  isAdmin,
  runId,
}: {
  api: AdminApi;
  settings: ConsoleSettings;
  isAdmin: boolean;
  runId?: string;
}) {
  const [run, setRun] = useState<MatchingRunView | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [pinned, setPinned] = useState<PairKey[]>([]);
  const [excluded, setExcluded] = useState<PairKey[]>([]);
  const [outcomes, setOutcomes] = useState<Record<string, ApprovalOutcome>>({});
  // What the live region says: how far Approve all has got, or one pair's outcome.
  const [announcement, setAnnouncement] = useState('');
  // Why the pool may be small: the current cycle's applications nobody has reviewed yet.
  const [waiting, setWaiting] = useState<PoolNote | null>(null);
  useEffect(() => {
    api
      .dashboard()
      .then((dashboard) => setWaiting(poolNoteOf(dashboard)))
      .catch(() => setWaiting(null));
  }, [api]);

  useEffect(() => {
    if (!runId || run?.id === runId) return;
    setProblem(null);
    api
      .matchingRun(runId)
      .then((found) => {
        setRun(found);
        setPinned(found.pinned);
        setExcluded(found.excluded);
        setOutcomes({});
        setAnnouncement('');
      })
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, [runId]);

  const suggest = async () => {
    setBusy(true);
    setProblem(null);
    setOutcomes({});
    setAnnouncement('');
    try {
      const keys = (list: PairKey[]) =>
        list.map(({ mentorId, menteeId }) => ({ mentorId, menteeId }));
      const created = await api.runMatching({ pinned: keys(pinned), excluded: keys(excluded) });
      setRun(created);
      window.location.hash = `#/matching/runs/${created.id}`;
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  const name = (id: string) => run?.names[id] ?? id;
  // Said in the person's cell, and read with the pair's Approve button, before approval.
  const problemId = (pair: PairKey, side: 'mentor' | 'mentee') =>
    `address-problem-${side}-${pairKeyOf(pair)}`;
  const addressProblem = (pair: PairKey, side: 'mentor' | 'mentee') => {
    const problem = run?.deliveryProblems?.[side === 'mentor' ? pair.mentorId : pair.menteeId];
    return problem
      ? html`<p class="address-problem" id=${problemId(pair, side)}>${addressProblemText(side, problem)}</p>`
      : null;
  };
  const problemIds = (pair: PairKey) =>
    (['mentee', 'mentor'] as const)
      .filter((side) => run?.deliveryProblems?.[side === 'mentor' ? pair.mentorId : pair.menteeId])
      .map((side) => problemId(pair, side))
      .join(' ') || undefined;
  const approve = async (pair: PairKey) => {
    if (!run) return;
    setBusy(true);
    setProblem(null);
    try {
      const result = await api.approve(run.id, [pair]);
      const next = { ...outcomes };
      for (const outcome of result.outcomes) next[pairKeyOf(outcome)] = outcome.outcome;
      setOutcomes(next);
      const outcome = next[pairKeyOf(pair)];
      setAnnouncement(
        `${name(pair.menteeId)} with ${name(pair.mentorId)}: ${outcome ? OUTCOME_WORDS[outcome] : 'not approved yet; try again'}.`,
      );
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  // A request approves what it can in the function's time; the same request continues.
  const approveAll = async () => {
    if (!run) return;
    setBusy(true);
    setProblem(null);
    let soFar: ApprovalProgress = {
      outcomes: {},
      total: run.pairs.length,
      remaining: run.pairs.length,
    };
    const show = (working: boolean) => {
      setOutcomes(soFar.outcomes);
      setAnnouncement(approvalProgressText(soFar, working));
    };
    show(true);
    try {
      soFar = await approveAllPairs(
        () => api.approve(run.id),
        soFar,
        (next) => {
          soFar = next;
          show(true);
        },
      );
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      show(false);
      setBusy(false);
    }
  };

  return html`<section aria-labelledby="matching-heading">
    <h1 id="matching-heading" tabindex="-1">Matching</h1>
    <p>Suggestions match as many mentees as the rules allow, then with the highest total score.
      Pin a pair to keep it, exclude one never to see it again, and run again.</p>
    <div class="actions">
      <button type="button" onClick=${suggest} disabled=${busy}>
        ${busy ? 'Working…' : run ? 'Run again' : 'Run suggestions'}
      </button>
      ${
        run && isAdmin && run.pairs.length > 0
          ? html`<button type="button" class="secondary" onClick=${approveAll} disabled=${busy}>Approve all</button>`
          : null
      }
    </div>
    <p class="hint">${pinned.length} pinned, ${excluded.length} excluded for the next run.</p>
    <p class="progress" role="status" aria-live="polite">${announcement}</p>
    ${waiting ? html`<${PoolNoteView} note=${waiting} />` : null}
    <${ScoringSettings} api=${api} isAdmin=${isAdmin} />
    ${problem ? html`<${ProblemMessage} problem=${problem} />` : null}
    ${
      run
        ? html`<p role="status" class="summary-line">
              ${run.metrics.matched} of ${counted(run.metrics.mentees, { one: 'mentee', other: 'mentees' })} matched (the most possible: ${run.metrics.maximumPossible});
              total score ${run.metrics.totalScore}${run.metrics.medianScore !== null ? `, median ${run.metrics.medianScore}, lowest ${run.metrics.minimumScore}` : ''}.
            </p>
            ${
              run.metrics.priorityMentees
                ? html`<p class="summary-line">With priority (carried over, or back after an ended match): ${run.metrics.priorityMatched ?? 0} of ${counted(run.metrics.priorityMentees, { one: 'mentee', other: 'mentees' })} matched, placed before anyone new.</p>`
                : null
            }
            <h2>Suggested pairs</h2>
            <table class="results">
              <caption class="visually-hidden">Suggested pairs, with their scores and reasons</caption>
              <thead><tr><th scope="col">Mentee</th><th scope="col">Mentor</th><th scope="col">Score</th><th scope="col">Why</th><th scope="col">Choose</th></tr></thead>
              <tbody>
                ${run.pairs.map((pair) => {
                  const label = `${name(pair.menteeId)} with ${name(pair.mentorId)}`;
                  const outcome = outcomes[pairKeyOf(pair)];
                  return html`<tr key=${pairKeyOf(pair)}>
                    <th scope="row" data-label="Mentee"><a href=${`#/submissions/${pair.menteeId}`}>${name(pair.menteeId)}</a>${addressProblem(pair, 'mentee')}</th>
                    <td data-label="Mentor"><a href=${`#/submissions/${pair.mentorId}`}>${name(pair.mentorId)}</a>${addressProblem(pair, 'mentor')}</td>
                    <td data-label="Score">${pair.score}${pair.pinned ? ' (pinned)' : ''}</td>
                    <td data-label="Why"><details><summary>Reasons</summary><ul>
                      ${pair.reasons.map((reason) => html`<li>${reason.points} of ${reason.outOf}: ${reason.text}</li>`)}
                    </ul></details></td>
                    <td data-label="Choose">
                      <label class="inline"><input type="checkbox" checked=${has(pinned, pair)}
                        onChange=${() => setPinned(toggle(pinned, pair))} aria-label=${`Pin ${label}`} /> Pin</label>
                      <label class="inline"><input type="checkbox" checked=${has(excluded, pair)}
                        onChange=${() => setExcluded(toggle(excluded, pair))} aria-label=${`Exclude ${label}`} /> Exclude</label>
                      ${
                        isAdmin
                          ? html`<button type="button" class="secondary" disabled=${busy}
                              onClick=${() => approve(pair)} aria-label=${`Approve ${label}`}
                              aria-describedby=${problemIds(pair)}>Approve</button>`
                          : null
                      }
                      ${outcome ? html`<p class="outcome">${OUTCOME_WORDS[outcome]}</p>` : null}
                    </td>
                  </tr>`;
                })}
              </tbody>
            </table>
            <h2>Not matched</h2>
            ${
              run.metrics.mentees === 0
                ? html`<p>The pool has no mentee: matching takes mentees under review or waitlisted${waiting?.received ? ', and this cycle still has applications marked Received (see above)' : ''}.</p>`
                : run.unmatched.length === 0
                  ? html`<p>Every mentee in the pool has a suggested mentor.</p>`
                  : html`<ul class="unmatched">${run.unmatched.map(
                      (mentee) =>
                        html`<li key=${mentee.menteeId}><a href=${`#/submissions/${mentee.menteeId}`}>${name(mentee.menteeId)}</a>: ${mentee.reason}</li>`,
                    )}</ul>`
            }
            <h2>Who goes without</h2>
            <${Rates} title="By region" rates=${run.metrics.byRegion} />
            <${Rates} title="By career stage" rates=${run.metrics.byCareerStage} />`
        : null
    }
  </section>`;
}

function Rates({
  title,
  rates,
}: {
  title: string;
  rates: Record<string, { mentees: number; matched: number; rate: number }>;
}) {
  return html`<table class="results rates">
    <caption>${title}</caption>
    <thead><tr><th scope="col">Group</th><th scope="col">Mentees</th><th scope="col">Matched</th><th scope="col">Rate</th></tr></thead>
    <tbody>${Object.entries(rates).map(
      ([
        group,
        rate,
      ]) => html`<tr key=${group}><th scope="row" data-label="Group">${group.replaceAll('_', ' ')}</th>
        <td data-label="Mentees">${rate.mentees}</td><td data-label="Matched">${rate.matched}</td>
        <td data-label="Rate">${Math.round(rate.rate * 100)}%</td></tr>`,
    )}</tbody>
  </table>`;
}

/** The current cycle's applications still Received: not in the pool until reviewed. */
interface PoolNote {
  cycleName: string | null;
  received: number;
  href: string;
}

function poolNoteOf(dashboard: DashboardView): PoolNote | null {
  const received = dashboard.statuses.mentor.received + dashboard.statuses.mentee.received;
  if (received === 0) return null;
  return {
    cycleName: dashboard.cycle?.name ?? null,
    received,
    href: formatLocation({
      view: 'list',
      filters: { status: 'received', ...(dashboard.cycle ? { cycle: dashboard.cycle.id } : {}) },
    }),
  };
}

function PoolNoteView({ note }: { note: PoolNote }) {
  return html`<p class="pool-note" role="note">
    ${counted(note.received, { one: 'application', other: 'applications' })}${note.cycleName ? ` of the ${note.cycleName}` : ''}
    ${note.received === 1 ? ' is' : ' are'} still Received, so not in the pool: only applications under review or waitlisted are matched.
    <a href=${note.href}>Review them, several at once</a>.
  </p>`;
}
