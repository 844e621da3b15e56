import type { MatchingRun } from './matching-ports.js';

/**
 * How long a stored run is kept. A run is the working document of one matching meeting:
 * staff read its suggestions, pin, exclude, run again and approve, and what they approve
 * becomes matches, stored on their own. A month covers the meeting and the approvals after
 * it; a run older than that describes a pool that has since changed.
 */
export const RUN_LIFETIME_DAYS = 30;

/** When DynamoDB's TTL may delete a run made at `createdAt`. */
export function runExpiresAt(createdAt: string): Date {
  return new Date(Date.parse(createdAt) + RUN_LIFETIME_DAYS * 24 * 60 * 60 * 1000);
}

/** Why a mentee whose suggested mentor was erased after the run is now without one. */
export const MENTOR_ERASED_REASON =
  'The mentor this run suggested has since left the program (their data was deleted): run again to find another.';

/**
 * The run without the given people (erased since it was made): their pairs, their unmatched
 * entries, their pins and exclusions, and so every reason quoting their answers. A mentee
 * whose mentor goes is listed as unmatched, saying why; `erasedSinceRun` counts the people
 * taken out, since the metrics stay those of the run as it was made. Undefined when none of
 * them is in the run (nothing to rewrite).
 */
export function runWithout(
  run: MatchingRun,
  erasedIds: ReadonlySet<string>,
): MatchingRun | undefined {
  const erased = (id: string) => erasedIds.has(id);
  const found = new Set<string>();
  const note = (id: string) => {
    if (erased(id)) found.add(id);
  };
  for (const pair of [...run.pairs, ...run.pinned, ...run.excluded]) {
    note(pair.mentorId);
    note(pair.menteeId);
  }
  for (const entry of run.unmatched) note(entry.menteeId);
  if (found.size === 0) return undefined;

  const involves = (pair: { mentorId: string; menteeId: string }) =>
    erased(pair.mentorId) || erased(pair.menteeId);
  const leftWithoutMentor = run.pairs
    .filter((pair) => erased(pair.mentorId) && !erased(pair.menteeId))
    .map((pair) => ({ menteeId: pair.menteeId, reason: MENTOR_ERASED_REASON }));
  return {
    ...run,
    pairs: run.pairs.filter((pair) => !involves(pair)),
    unmatched: [...run.unmatched.filter((entry) => !erased(entry.menteeId)), ...leftWithoutMentor],
    pinned: run.pinned.filter((pair) => !involves(pair)),
    excluded: run.excluded.filter((pair) => !involves(pair)),
    erasedSinceRun: (run.erasedSinceRun ?? 0) + found.size,
  };
}
