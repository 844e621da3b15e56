import { useState } from 'preact/hooks';
import { counted } from '../../shared/platform/text/plural-words.js';
import { BULK_LIMITS } from '../../shared/review/bulk-status-contract.js';
import type { ConsoleSettings } from '../../shared/review/console/console-settings.js';
import type { AdminApi, ApiProblem } from '../admin-api.js';
import {
  applyStatusChange,
  bulkSummary,
  gatherMatching,
  type ListedApplication,
  MOST_SELECTED,
  type SummaryLine,
} from '../bulk-review.js';
import { html } from '../html.js';
import { asProblem, ProblemMessage } from './problem-message.js';

// A summary line names at most this many applications, then says how many more.
const NAMED_PER_LINE = 10;

interface BulkReviewFormProps {
  api: AdminApi;
  settings: ConsoleSettings;
  /** The applications on the page shown. */
  onPage: readonly ListedApplication[];
  selected: ReadonlyMap<string, ListedApplication>;
  select: (next: ReadonlyMap<string, ListedApplication>) => void;
  /** The list's query without its page, when the filters match more than this page. */
  matchingQuery: URLSearchParams | null;
  /** Called after a change, to read the list again. */
  changed: () => void;
}

const applications = { one: 'application', other: 'applications' };

/**
 * Several applications at once: select this page's or every one matching the filters (up
 * to 500), choose a status and an optional note, apply; a summary says what changed and why
 * the others did not, in a live region.
 */
export function BulkReviewForm({
  api,
  settings,
  onPage,
  selected,
  select,
  matchingQuery,
  changed,
}: BulkReviewFormProps) {
  const [status, setStatus] = useState('');
  const [note, setNote] = useState('');
  const [working, setWorking] = useState('');
  const [gathering, setGathering] = useState(false);
  // What "Select all matching" found, said while that selection stands.
  const [gathered, setGathered] = useState<{
    text: string;
    selection: ReadonlyMap<string, ListedApplication>;
  } | null>(null);
  const [summary, setSummary] = useState<SummaryLine[]>([]);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [missing, setMissing] = useState<{ status?: string; selection?: string }>({});

  const allOnPage = onPage.length > 0 && onPage.every((item) => selected.has(item.id));
  const someOnPage = !allOnPage && onPage.some((item) => selected.has(item.id));
  const togglePage = (event: Event) => {
    const next = new Map(selected);
    const checked = (event.currentTarget as HTMLInputElement).checked;
    for (const item of onPage) {
      if (checked) next.set(item.id, item);
      else next.delete(item.id);
    }
    select(next);
  };
  const selectMatching = async () => {
    if (!matchingQuery) return;
    setGathering(true);
    setProblem(null);
    try {
      const found = await gatherMatching(api.list, matchingQuery);
      const selection = new Map(found.applications.map((item) => [item.id, item]));
      select(selection);
      setGathered({
        selection,
        text: found.more
          ? `The first ${counted(found.applications.length, applications)} matching the filters are selected: more match, and one change takes at most ${MOST_SELECTED}. Apply to these, then select again for the rest.`
          : `All ${counted(found.applications.length, applications)} matching the filters are selected.`,
      });
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setGathering(false);
    }
  };
  const clear = () => select(new Map());

  const apply = async (event: Event) => {
    event.preventDefault();
    const gaps = {
      ...(status ? {} : { status: 'Choose the status to move them to.' }),
      ...(selected.size > 0 ? {} : { selection: 'Select at least one application first.' }),
    };
    setMissing(gaps);
    setProblem(null);
    if (Object.keys(gaps).length > 0) return;
    const chosen = new Map(selected);
    const ids = [...chosen.keys()];
    const trimmed = note.trim();
    setSummary([]);
    setWorking(`Changing ${counted(ids.length, applications)}…`);
    try {
      const results = await applyStatusChange(
        (left) => api.changeStatuses({ ids: left, status, ...(trimmed ? { note: trimmed } : {}) }),
        ids,
        (done) => setWorking(`Done ${done.toLocaleString('en-US')} of ${ids.length}…`),
      );
      setSummary(bulkSummary(results, status, settings.statuses, chosen));
      setNote('');
      select(new Map());
      changed();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setWorking('');
    }
  };

  // A missing status is said until one is chosen; the API's issues until the next try.
  const issueFor = (name: 'status' | 'note') =>
    problem?.issues.find((issue) => issue.path === name)?.message ??
    (name === 'status' && !status ? missing.status : undefined);
  const count = selected.size;

  return html`<section class="bulk" aria-labelledby="bulk-heading">
    <h2 id="bulk-heading">Change several at once</h2>
    <div class="selection">
      <label class="select-all">
        <input type="checkbox" class="check" checked=${allOnPage} indeterminate=${someOnPage} onChange=${togglePage} />
        Select all ${onPage.length} on this page
      </label>
      ${
        matchingQuery
          ? html`<button type="button" class="secondary" onClick=${selectMatching} disabled=${gathering}>
              ${gathering ? 'Selecting…' : `Select all matching the filters (up to ${MOST_SELECTED})`}
            </button>`
          : null
      }
      ${count > 0 ? html`<button type="button" class="secondary" onClick=${clear}>Clear selection</button>` : null}
    </div>
    <p class="hint" id="bulk-selection" role="status">${gathered?.selection === selected ? gathered.text : `${counted(count, applications)} selected.`}</p>
    ${missing.selection && count === 0 ? html`<p class="error" id="bulk-selection-error">${missing.selection}</p>` : null}
    <form class="bulk-form" onSubmit=${apply} aria-labelledby="bulk-heading">
      <div class="field">
        <label for="bulk-status">New status</label>
        <select id="bulk-status" value=${status}
          aria-describedby=${issueFor('status') ? 'bulk-status-error' : undefined}
          onChange=${(event: Event) => setStatus((event.currentTarget as HTMLSelectElement).value)}>
          <option value="">Choose a status</option>
          ${Object.entries(settings.statuses).map(
            ([value, label]) => html`<option value=${value}>${label}</option>`,
          )}
        </select>
        ${issueFor('status') ? html`<p class="error" id="bulk-status-error">${issueFor('status')}</p>` : null}
      </div>
      <div class="field">
        <label for="bulk-note">Note (optional)</label>
        <input id="bulk-note" type="text" maxlength=${BULK_LIMITS.noteMaxLength} value=${note} autocomplete="off"
          aria-describedby=${issueFor('note') ? 'bulk-note-error' : 'bulk-note-hint'}
          onInput=${(event: Event) => setNote((event.currentTarget as HTMLInputElement).value)} />
        <p class="hint" id="bulk-note-hint">Kept in each application's history; one line, up to ${BULK_LIMITS.noteMaxLength} characters.</p>
        ${issueFor('note') ? html`<p class="error" id="bulk-note-error">${issueFor('note')}</p>` : null}
      </div>
      <div class="actions">
        <button type="submit" disabled=${Boolean(working)}
          aria-describedby=${missing.selection && count === 0 ? 'bulk-selection-error' : 'bulk-selection'}>
          ${working ? 'Applying…' : `Apply to ${count.toLocaleString('en-US')} selected`}
        </button>
      </div>
    </form>
    ${problem ? html`<${ProblemMessage} problem=${problem} />` : null}
    <div class="bulk-summary" role="status">
      ${working ? html`<p>${working}</p>` : null}
      ${summary.map(
        (line) =>
          html`<p>${line.text}${line.applications.length > 0 ? html` ${namedList(line.applications)}` : null}</p>`,
      )}
    </div>
  </section>`;
}

/** The applications of a summary line, each a link to open it: "LM-… (Jordan Lee), …". */
function namedList(listed: readonly ListedApplication[]) {
  const shown = listed.slice(0, NAMED_PER_LINE);
  const more = listed.length - shown.length;
  return html`${shown.map(
    (item, index) =>
      html`${index > 0 ? ', ' : ''}<a href=${`#/submissions/${item.id}`}>${item.reference}${item.name ? ` (${item.name})` : ''}</a>`,
  )}${more > 0 ? ` and ${more.toLocaleString('en-US')} more` : ''}.`;
}
