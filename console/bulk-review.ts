import type { Submission } from '../shared/applications/submission.js';
import { agreeing, counted } from '../shared/platform/text/plural-words.js';
import {
  BULK_LIMITS,
  type BulkStatusReport,
  type BulkStatusResult,
} from '../shared/review/bulk-status-contract.js';
import type { SubmissionPage } from '../shared/review/staff-ports.js';
import { ApiProblem } from './admin-api.js';
import type { StatusLabels } from './stale-edit.js';

/** How the console names an application it has listed: its reference and the applicant. */
export interface ListedApplication {
  id: string;
  reference: string;
  name: string;
}

/** An application as a row of the list names it. */
export const listedApplicationOf = (item: Submission): ListedApplication => ({
  id: item.id,
  reference: item.reference,
  name: `${item.application.firstName} ${item.application.lastName}`,
});

/** The most one bulk change takes, and so the most "Select all matching" gathers. */
export const MOST_SELECTED = BULK_LIMITS.maxIds;

// The list API's largest page: five requests gather the 500.
const GATHER_PAGE = 100;

/**
 * Every application matching the list's query, newest first, read a page at a time from
 * the list API, up to `MOST_SELECTED`; `more` says whether others match beyond those.
 */
export async function gatherMatching(
  list: (query: URLSearchParams) => Promise<SubmissionPage>,
  query: URLSearchParams,
): Promise<{ applications: ListedApplication[]; more: boolean }> {
  const applications: ListedApplication[] = [];
  let cursor: string | null | undefined;
  do {
    const pageQuery = new URLSearchParams(query);
    pageQuery.set('limit', String(GATHER_PAGE));
    if (cursor) pageQuery.set('cursor', cursor);
    else pageQuery.delete('cursor');
    const page = await list(pageQuery);
    applications.push(...page.items.map(listedApplicationOf));
    cursor = page.nextCursor;
  } while (cursor && applications.length < MOST_SELECTED);
  return {
    applications: applications.slice(0, MOST_SELECTED),
    more: applications.length > MOST_SELECTED || Boolean(cursor),
  };
}

/**
 * Sends a bulk change, then again for whatever the function had no time left for
 * (`not_attempted`), until every id has an outcome; `onProgress` hears how many are done
 * after each request. Stops with a problem when a request gets no further.
 */
export async function applyStatusChange(
  send: (ids: string[]) => Promise<BulkStatusReport>,
  ids: readonly string[],
  onProgress: (done: number) => void,
): Promise<BulkStatusResult[]> {
  const outcomes = new Map<string, BulkStatusResult>();
  let left = [...ids];
  while (left.length > 0) {
    const report = await send(left);
    for (const result of report.results) {
      if (result.outcome !== 'not_attempted') outcomes.set(result.id, result);
    }
    const still = left.filter((id) => !outcomes.has(id));
    onProgress(ids.length - still.length);
    if (still.length === left.length) {
      throw new ApiProblem(
        503,
        'bulk_stalled',
        `The service ran out of time before changing any of the ${counted(still.length, { one: 'application', other: 'applications' })} left; try again in a moment.`,
      );
    }
    left = still;
  }
  return ids.flatMap((id) => outcomes.get(id) ?? []);
}

/** One line of a bulk change's summary, and the applications it names (none for "changed"). */
export interface SummaryLine {
  text: string;
  applications: ListedApplication[];
}

/**
 * What a person reads after a bulk change: how many changed, then each group left alone
 * with its reason, naming the applications (by reference and name, or id if unlisted).
 */
export function bulkSummary(
  results: readonly BulkStatusResult[],
  status: string,
  statuses: StatusLabels,
  known: ReadonlyMap<string, ListedApplication>,
): SummaryLine[] {
  const label = (value: string) => statuses[value] ?? value;
  const named = (list: readonly BulkStatusResult[]) =>
    list.map((result) => known.get(result.id) ?? { id: result.id, reference: result.id, name: '' });
  const changed = results.filter((result) => result.outcome === 'changed').length;
  const lines: SummaryLine[] = [
    {
      text: `Changed ${changed.toLocaleString('en-US')} of ${counted(results.length, { one: 'application', other: 'applications' })} to ${label(status)}.`,
      applications: [],
    },
  ];
  const group = (list: BulkStatusResult[], text: (count: number) => string) => {
    if (list.length > 0) lines.push({ text: text(list.length), applications: named(list) });
  };
  const skipped = results.filter((result) => result.outcome === 'skipped');
  group(
    skipped.filter((result) => result.reason === 'already_in_status'),
    (count) => `Skipped ${count.toLocaleString('en-US')}: already ${label(status)}.`,
  );
  // Not allowed: grouped by where each stands, since that is what decides the move.
  const refused = skipped.filter((result) => result.reason === 'transition_not_allowed');
  for (const from of new Set(refused.map((result) => result.currentStatus))) {
    group(
      refused.filter((result) => result.currentStatus === from),
      (count) =>
        `Skipped ${count.toLocaleString('en-US')}: ${agreeing(count, { one: 'it is', other: 'they are' })} ${label(from)}, which cannot move to ${label(status)}.`,
    );
  }
  group(
    results.filter((result) => result.outcome === 'conflict'),
    (count) =>
      `Not changed, ${counted(count, { one: 'conflict', other: 'conflicts' })}: someone else changed ${agreeing(count, { one: 'it', other: 'them' })} at the same time; open ${agreeing(count, { one: 'it', other: 'each' })} to check, then try again.`,
  );
  group(
    results.filter((result) => result.outcome === 'not_found'),
    (count) => `Not found, ${count.toLocaleString('en-US')}: erased since the list was read.`,
  );
  return lines;
}
