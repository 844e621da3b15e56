import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConsoleSettings } from '../../shared/review/console/console-settings.js';
import type { CycleListing } from '../../shared/review/cycle-admin.js';
import type { SubmissionPage } from '../../shared/review/staff-ports.js';
import type { AdminApi, ApiProblem } from '../admin-api.js';
import { formatTime, stateLabel } from '../answers.js';
import { type ListedApplication, listedApplicationOf } from '../bulk-review.js';
import { html } from '../html.js';
import {
  ALL_CYCLES,
  effectiveFilters,
  exportQuery,
  formatLocation,
  type ListFilters,
  listQuery,
} from '../locations.js';
import { saveFile } from '../save-file.js';
import { BulkReviewForm } from './bulk-review-form.js';
import { asProblem, ProblemMessage } from './problem-message.js';

const PAGE_SIZE = 25;

interface ListViewProps {
  api: AdminApi;
  settings: ConsoleSettings;
  filters: ListFilters;
  /** The program's cycles: the list shows the current one unless the address names another. */
  cycles: CycleListing | null;
  isAdmin: boolean;
  flash?: string;
}

/**
 * The list: search, filters, newest first, a page at a time; several may be selected and
 * moved to a status at once; admins may export it.
 */
export function ListView({ api, settings, filters: asked, cycles, isAdmin, flash }: ListViewProps) {
  const filters = effectiveFilters(asked, cycles?.currentCycleId ?? null);
  const [page, setPage] = useState<SubmissionPage | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [draft, setDraft] = useState<ListFilters>(filters);
  const [exporting, setExporting] = useState(false);
  const trail = useRef<string[]>([]);
  // The selection outlives paging through the same filters, not a change of filters.
  const [selected, setSelected] = useState<ReadonlyMap<string, ListedApplication>>(new Map());
  // Bumped to read the page again (after a bulk change), keeping the filters and page.
  const [reads, setReads] = useState(0);
  const key = formatLocation({ view: 'list', filters });
  const filtersKey = formatLocation({ view: 'list', filters: { ...filters, cursor: undefined } });

  // The address whose page is shown: a new one reads from scratch ("Loading…"), a refresh
  // of the same one keeps its rows until the new ones arrive.
  const shown = useRef('');
  useEffect(() => setSelected(new Map()), [filtersKey]);
  useEffect(() => {
    let current = true;
    setDraft(filters);
    if (shown.current !== key) setPage(null);
    shown.current = key;
    setProblem(null);
    api
      .list(listQuery(filters, PAGE_SIZE))
      .then((result) => current && setPage(result))
      .catch((error: unknown) => current && setProblem(asProblem(error)));
    return () => {
      current = false;
    };
  }, [key, reads]);
  const toggle = (item: ListedApplication, checked: boolean) => {
    const next = new Map(selected);
    if (checked) next.set(item.id, item);
    else next.delete(item.id);
    setSelected(next);
  };
  // "Select all matching" is offered when the filters match more than this page.
  const matchingQuery =
    page && (page.nextCursor || filters.cursor)
      ? listQuery({ ...filters, cursor: undefined }, PAGE_SIZE)
      : null;

  const go = (next: ListFilters) => {
    window.location.hash = formatLocation({ view: 'list', filters: next });
  };
  const set = (name: keyof ListFilters) => (event: Event) =>
    setDraft({ ...draft, [name]: (event.currentTarget as HTMLInputElement).value });
  const onSubmit = (event: Event) => {
    event.preventDefault();
    trail.current = [];
    go({ ...draft, cursor: undefined });
  };
  const onClear = () => {
    trail.current = [];
    go({});
  };
  const cycleChoices = cycles?.cycles ?? [];
  const older = () => {
    if (!page?.nextCursor) return;
    trail.current.push(filters.cursor ?? '');
    go({ ...filters, cursor: page.nextCursor });
  };
  const newer = () => go({ ...filters, cursor: trail.current.pop() || undefined });
  const onExport = async () => {
    setExporting(true);
    setProblem(null);
    try {
      const { filename, blob } = await api.exportCsv(exportQuery(filters));
      saveFile(filename, blob);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setExporting(false);
    }
  };
  const issueFor = (name: string) => problem?.issues.find((issue) => issue.path === name)?.message;
  const field = (name: keyof ListFilters, label: string, control: unknown) => {
    const issue = issueFor(name);
    return html`<div class="filter">
      <label for=${`filter-${name}`}>${label}</label>
      ${control}
      ${issue ? html`<p class="error" id=${`filter-${name}-error`}>${issue}</p>` : null}
    </div>`;
  };
  const describedBy = (name: string) => (issueFor(name) ? `filter-${name}-error` : undefined);

  return html`<section aria-labelledby="list-heading">
    <h1 id="list-heading" tabindex="-1">Applications</h1>
    ${flash ? html`<p class="flash" role="status">${flash}</p>` : null}
    <form class="filters" role="search" onSubmit=${onSubmit} aria-label="Find applications">
      ${field(
        'q',
        'Search',
        html`<input id="filter-q" type="search" name="q" value=${draft.q ?? ''} onInput=${set('q')}
          maxlength="100" aria-describedby=${describedBy('q') ?? 'search-hint'} autocomplete="off" />`,
      )}
      <p class="hint" id="search-hint">A reference (LM-…), an email address, or the start of a first or last name.</p>
      ${field(
        'type',
        'Role',
        html`<select id="filter-type" name="type" value=${draft.type ?? ''} onChange=${set('type')}>
          <option value="">All roles</option>
          ${Object.entries(settings.roles).map(
            ([value, role]) => html`<option value=${value}>${role.label}s</option>`,
          )}
        </select>`,
      )}
      ${field(
        'status',
        'Status',
        html`<select id="filter-status" name="status" value=${draft.status ?? ''} onChange=${set('status')}>
          <option value="">Any status</option>
          ${Object.entries(settings.statuses).map(
            ([value, label]) => html`<option value=${value}>${label}</option>`,
          )}
        </select>`,
      )}
      ${
        cycleChoices.length > 0
          ? field(
              'cycle',
              'Cycle',
              html`<select id="filter-cycle" name="cycle" value=${draft.cycle ?? ALL_CYCLES} onChange=${set('cycle')}>
                <option value=${ALL_CYCLES}>All cycles</option>
                ${[...cycleChoices]
                  .reverse()
                  .map(
                    (cycle) =>
                      html`<option value=${cycle.id}>${cycle.name}${cycle.id === cycles?.currentCycleId ? ' (current)' : ''}</option>`,
                  )}
              </select>`,
            )
          : null
      }
      ${field(
        'from',
        'Received from',
        html`<input id="filter-from" type="date" name="from" value=${draft.from ?? ''} onInput=${set('from')}
          aria-describedby=${describedBy('from')} />`,
      )}
      ${field(
        'to',
        'Received to',
        html`<input id="filter-to" type="date" name="to" value=${draft.to ?? ''} onInput=${set('to')}
          aria-describedby=${describedBy('to')} />`,
      )}
      <div class="actions">
        <button type="submit">Find</button>
        <button type="button" class="secondary" onClick=${onClear}>Clear</button>
        ${
          isAdmin
            ? html`<button type="button" class="secondary" onClick=${onExport} disabled=${exporting}>
                ${exporting ? 'Exporting…' : 'Export CSV'}
              </button>`
            : null
        }
      </div>
    </form>
    ${problem ? html`<${ProblemMessage} problem=${problem} />` : null}
    ${
      page && page.items.length > 0
        ? html`<${BulkReviewForm} api=${api} settings=${settings}
            onPage=${page.items.map(listedApplicationOf)} selected=${selected} select=${setSelected}
            matchingQuery=${matchingQuery} changed=${() => setReads((count) => count + 1)} />`
        : null
    }
    ${
      page
        ? html`<${Results} page=${page} settings=${settings} searching=${Boolean(filters.q)}
            selected=${selected} toggle=${toggle} />`
        : null
    }
    ${!page && !problem ? html`<p role="status">Loading applications…</p>` : null}
    ${
      page
        ? html`<nav class="pager" aria-label="Pages">
            ${filters.cursor ? html`<button type="button" class="secondary" onClick=${newer}>Newer</button>` : null}
            ${page.nextCursor ? html`<button type="button" class="secondary" onClick=${older}>Older</button>` : null}
          </nav>`
        : null
    }
  </section>`;
}

function Results({
  page,
  settings,
  searching,
  selected,
  toggle,
}: {
  page: SubmissionPage;
  settings: ConsoleSettings;
  searching: boolean;
  selected: ReadonlyMap<string, ListedApplication>;
  toggle: (item: ListedApplication, checked: boolean) => void;
}) {
  const count = page.items.length;
  const summary =
    count === 0
      ? searching
        ? 'No application matches that search.'
        : 'No applications match these filters.'
      : `${count} application${count === 1 ? '' : 's'}${page.nextCursor ? ' on this page' : ''}, newest first.`;
  return html`<p role="status" class="summary-line">${summary} Times are Los Angeles time.</p>
    ${
      count > 0
        ? html`<table class="results">
            <caption class="visually-hidden">Applications, newest first</caption>
            <thead><tr>
              <th scope="col"><span class="visually-hidden">Selected</span></th>
              <th scope="col">Reference</th><th scope="col">Name</th><th scope="col">Role</th>
              <th scope="col">Status</th><th scope="col">Received</th><th scope="col">Confirmation</th>
            </tr></thead>
            <tbody>
              ${page.items.map(listedApplicationOf).map((listed, index) => {
                const item = page.items[index] as SubmissionPage['items'][number];
                return html`<tr key=${item.id} class=${selected.has(item.id) ? 'selected' : undefined}>
                  <td class="select"><label>
                    <input type="checkbox" class="check" checked=${selected.has(item.id)}
                      onChange=${(event: Event) => toggle(listed, (event.currentTarget as HTMLInputElement).checked)} />
                    <span class="visually-hidden">Select ${listed.name}, ${listed.reference}</span>
                  </label></td>
                  <th scope="row" data-label="Reference"><a href=${`#/submissions/${item.id}`}>${item.reference}</a></th>
                  <td data-label="Name">${item.application.firstName} ${item.application.lastName}</td>
                  <td data-label="Role">${settings.roles[item.type].label}</td>
                  <td data-label="Status">${settings.statuses[item.status] ?? item.status}</td>
                  <td data-label="Received">${formatTime(item.createdAt)}</td>
                  <td data-label="Confirmation">${stateLabel(item.confirmation.state)}</td>
                </tr>`;
              })}
            </tbody>
          </table>`
        : null
    }`;
}
