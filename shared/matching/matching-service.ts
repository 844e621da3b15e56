import {
  type AddressProblem,
  type AddressProblems,
  addressesOf,
  addressProblemsByApplication,
} from '../applications/address-problems.js';
import { type CycleCalendar, currentCycle } from '../applications/cycles.js';
import type { Actor, Submission } from '../applications/submission.js';
import { nextApprovalBatch } from './approval.js';
import type { MatchEndingOutcome, MatchEndingRequest } from './match-ending.js';
import type {
  ApprovalOutcome,
  ApprovalReport,
  MatchingRepository,
  MatchingRun,
} from './matching-ports.js';
import { type MatchingResult, type SuggestedPair, solveMatching } from './optimal-matching.js';
import { compilePairRules, type Reason } from './pair-rules.js';
import { type PairKey, poolOf } from './pool.js';

/** The mentee is not in the pool (not in review or waitlisted, or unknown). */
export class NotInPool extends Error {
  override name = 'NotInPool';
}

/** No run with that id. */
export class RunNotFound extends Error {
  override name = 'RunNotFound';
}

/** Pairs asked for that the run did not suggest. */
export class NotInRun extends Error {
  override name = 'NotInRun';
}

/** One mentor as a candidate for a mentee. */
export interface Candidate {
  mentorId: string;
  name: string;
  eligible: boolean;
  score: number;
  reasons: Reason[];
  /** The must-criterion that rules the pair out, in words. */
  ruledOutBecause?: string;
}

/** What matching needs. */
export interface MatchingDependencies {
  repository: MatchingRepository;
  /** The suppression list: a pair shows when one of them cannot be introduced by email. */
  addressProblems: AddressProblems;
  now: () => Date;
  newId: () => string;
  /** The program's cycles: the pool is the current cycle's applications. */
  calendar: Pick<CycleCalendar, 'list'>;
}

/**
 * A run as staff see it: with the names of the people in it, and those of them whose
 * address bounced or complained (by application id), whose introduction would be dropped.
 * Both are read when the run is shown, never stored with it.
 */
export interface MatchingRunView extends MatchingRun {
  names: Record<string, string>;
  deliveryProblems: Record<string, AddressProblem>;
}

/**
 * The pool: the current cycle's applications under review, waitlisted or matched (with
 * capacity left); all of them while no cycle is set up. A mentee carried over from an
 * earlier cycle belongs to the cycle it was carried into.
 */
async function currentPool(deps: MatchingDependencies) {
  const [{ submissions, matchCounts }, settings, cycles] = await Promise.all([
    deps.repository.poolApplications(),
    deps.repository.settings(),
    deps.calendar.list(),
  ]);
  const cycle = currentCycle(cycles, deps.now());
  const inCycle = cycle
    ? submissions.filter((submission) => submission.cycleId === cycle.id)
    : submissions;
  return { pool: poolOf(inCycle, matchCounts), settings, submissions: inCycle };
}

/** The people in the run's pairs whose address is suppressed, by application id. */
function deliveryProblemsIn(
  deps: MatchingDependencies,
  run: MatchingRun,
  submissions: readonly Submission[],
): Promise<Record<string, AddressProblem>> {
  const ids = run.pairs.flatMap((pair) => [pair.mentorId, pair.menteeId]);
  return addressProblemsByApplication(deps.addressProblems, addressesOf(ids, submissions));
}

/** Every mentor in the pool for one mentee, eligible ones first by score, each explained. */
export async function candidatesFor(
  deps: MatchingDependencies,
  menteeId: string,
): Promise<Candidate[]> {
  const { pool, settings } = await currentPool(deps);
  const rules = compilePairRules(pool, settings);
  const menteeAt = rules.menteeIndex.get(menteeId);
  if (menteeAt === undefined) {
    throw new NotInPool(
      'That mentee is not in the pool: only applications under review or waitlisted are matched.',
    );
  }
  return pool.mentors
    .map((mentor, mentorAt) => {
      const broken = rules.check(menteeAt, mentorAt);
      const explained = rules.explain(menteeAt, mentorAt);
      return {
        mentorId: mentor.id,
        name: mentor.name,
        eligible: !broken,
        ...explained,
        ...(broken
          ? { ruledOutBecause: rules.describeIneligibility(broken, menteeAt, mentorAt) }
          : {}),
      };
    })
    .sort((a, b) => Number(b.eligible) - Number(a.eligible) || b.score - a.score);
}

/** Runs the optimal matching over the current pool, with pins and exclusions, and stores it. */
export async function createRun(
  deps: MatchingDependencies,
  request: { pinned: PairKey[]; excluded: PairKey[]; actor: Actor },
): Promise<MatchingRunView> {
  const { pool, settings, submissions } = await currentPool(deps);
  const result: MatchingResult = solveMatching(pool, settings, request);
  const run: MatchingRun = {
    id: deps.newId(),
    createdAt: deps.now().toISOString(),
    createdBy: request.actor,
    pinned: request.pinned,
    excluded: request.excluded,
    ...result,
  };
  const stored = await deps.repository.saveRun(run);
  const deliveryProblems = await deliveryProblemsIn(deps, stored, submissions);
  return { ...stored, names: namesOf(pool), deliveryProblems };
}

function namesOf(pool: ReturnType<typeof poolOf>): Record<string, string> {
  return Object.fromEntries(
    [...pool.mentors, ...pool.mentees].map((person) => [person.id, person.name]),
  );
}

/** A stored run. */
export async function findRun(deps: MatchingDependencies, id: string): Promise<MatchingRun> {
  const run = await deps.repository.findRun(id);
  if (!run) throw new RunNotFound('No matching run with that id.');
  return run;
}

/**
 * A stored run, with the names of the people in it as their applications now say, and
 * whose address has a problem now.
 */
export async function showRun(deps: MatchingDependencies, id: string): Promise<MatchingRunView> {
  const run = await findRun(deps, id);
  const { submissions } = await deps.repository.poolApplications();
  const names = Object.fromEntries(
    submissions.map((submission) => [
      submission.id,
      `${submission.application.firstName} ${submission.application.lastName}`,
    ]),
  );
  return { ...run, names, deliveryProblems: await deliveryProblemsIn(deps, run, submissions) };
}

/** The run's own pairs for those asked for, each once, or NotInRun for one it did not suggest. */
function uniqueRunPairs(run: MatchingRun, wanted: readonly PairKey[]): SuggestedPair[] {
  const byKey = new Map(run.pairs.map((pair) => [`${pair.mentorId}:${pair.menteeId}`, pair]));
  const chosen = new Set<SuggestedPair>();
  for (const pair of wanted) {
    const found = byKey.get(`${pair.mentorId}:${pair.menteeId}`);
    if (!found) {
      throw new NotInRun(
        `The run did not suggest mentor ${pair.mentorId} for mentee ${pair.menteeId}.`,
      );
    }
    chosen.add(found);
  }
  return [...chosen];
}

// A pair held up by concurrent changes this many times waits for the next request.
const TRIES_PER_REQUEST = 3;

/**
 * Approves a run's pairs (all, or those given), a batch at a time until they are all
 * settled or `until` comes: each becomes a match with both applications matched and an
 * introduction to each person. Pairs the pool no longer allows are reported, not forced.
 * Approving is idempotent (an approved pair reads as `already_approved` and sends nothing),
 * so what `remaining` counts is finished by sending the same request again.
 */
export async function approveRun(
  deps: MatchingDependencies,
  request: { runId: string; pairs?: PairKey[]; actor: Actor; until: Date },
): Promise<ApprovalReport> {
  const run = await findRun(deps, request.runId);
  // A pair asked for twice is approved (and counted) once.
  const chosen = request.pairs ? uniqueRunPairs(run, request.pairs) : run.pairs;
  const settled = new Map<SuggestedPair, ApprovalOutcome>();
  const tries = new Map<SuggestedPair, number>();
  let pending = chosen;
  // At least one batch, however little time is left, so every request makes progress.
  do {
    const batch = nextApprovalBatch(pending, deps.repository.approvalBatchSize);
    const attempts = await deps.repository.approvePairs({
      runId: run.id,
      pairs: batch,
      matchIds: batch.map(() => deps.newId()),
      at: deps.now(),
      actor: request.actor,
    });
    batch.forEach((pair, index) => {
      const attempt = attempts[index] ?? 'retry';
      if (attempt !== 'retry') settled.set(pair, attempt);
      else tries.set(pair, (tries.get(pair) ?? 0) + 1);
    });
    pending = pending.filter(
      (pair) => !settled.has(pair) && (tries.get(pair) ?? 0) < TRIES_PER_REQUEST,
    );
  } while (pending.length > 0 && deps.now() < request.until);
  return {
    outcomes: chosen.flatMap((pair) => {
      const outcome = settled.get(pair);
      return outcome ? [{ mentorId: pair.mentorId, menteeId: pair.menteeId, outcome }] : [];
    }),
    remaining: chosen.length - settled.size,
  };
}

/**
 * Ends a mentee's match for a reason, the mentee back in the pool with priority when asked
 * and the mentor left out for them as leavesMentorOut says.
 */
export async function endMatch(
  deps: MatchingDependencies,
  request: MatchEndingRequest & { menteeId: string; actor: Actor },
): Promise<MatchEndingOutcome | 'not_matched' | 'changed_meanwhile'> {
  const { menteeId, actor, reason, note, returnToPool } = request;
  return deps.repository.endMatch(
    menteeId,
    { reason, ...(note ? { note } : {}), returnToPool },
    deps.now(),
    actor,
  );
}
