import { gunzipSync, gzipSync } from 'node:zlib';
import { type Item, matchingKeys } from '../../applications/store/application-item.js';
import { epochSeconds, isConditionFailure } from '../../platform/table/dynamodb-values.js';
import type { TableGateway, TableWrite } from '../../platform/table/table-gateway.js';
import type { MatchingRun } from '../matching-ports.js';
import { runExpiresAt, runWithout } from '../run-erasure.js';

/*
 * Stored runs hold people's ids and reasons quoting their answers, so erasing a person must
 * take them out of every run. Runs live in partitions of their own; this register (one
 * small partition, keys and counters only) is how erasure finds them without a scan:
 *
 *   RUN#<runId>             one entry per stored run, expiring with it
 *   ERASED#<applicationId>  one per erasure, for a day: who a run being saved must leave out
 *   STATE                   counters: runsSaved, erasures
 *
 * The counters close the race between the two. Erasure reads `runsSaved`, takes the person
 * out of every registered run, and commits only if `runsSaved` has not moved (a run saved
 * meanwhile may hold the person: it starts again). Saving a run reads `erasures` and the
 * recent erasures, leaves those people out, and commits only if `erasures` has not moved.
 * So a run saved before an erasure was cleaned by it, and one saved after leaves the person
 * out, whatever the byDate index (eventually consistent) still showed when its pool was read.
 */
const REGISTER = 'MATCH_RUNS';
const RUN_ENTRY = 'RUN#';
const ERASED_ENTRY = 'ERASED#';

/** The register's keys. */
export const runRegisterKeys = {
  run: (runId: string) => ({ pk: REGISTER, sk: `${RUN_ENTRY}${runId}` }),
  erased: (applicationId: string) => ({ pk: REGISTER, sk: `${ERASED_ENTRY}${applicationId}` }),
  state: () => ({ pk: REGISTER, sk: 'STATE' }),
};

// An erasure is remembered this long for runs being saved: far longer than reading a pool
// (and the byDate index catching up with the erasure) and saving its run can take.
const ERASED_ENTRY_SECONDS = 24 * 60 * 60;
// Rewriting one run again after another erasure rewrote it first.
const REWRITE_ATTEMPTS = 5;

/** The register's counters: runs saved and erasures committed so far. */
export interface RegisterState {
  runsSaved: number;
  erasures: number;
}

/** The counters, read strongly consistently. */
export async function registerState(table: TableGateway): Promise<RegisterState> {
  const { Item: state } = await table.get({ Key: runRegisterKeys.state(), ConsistentRead: true });
  return { runsSaved: Number(state?.runsSaved ?? 0), erasures: Number(state?.erasures ?? 0) };
}

// The condition that a counter still has the value read (absent reads as 0).
const unchanged = (counter: 'runsSaved' | 'erasures', seen: number) =>
  seen === 0
    ? { ConditionExpression: `attribute_not_exists(${counter})` }
    : {
        ConditionExpression: `${counter} = :seen`,
        ExpressionAttributeValues: { ':seen': seen },
      };

/** A run as stored: its attributes, the result gzipped, and its expiry. */
export function runItem(run: MatchingRun): Item {
  const { id, createdAt, createdBy, settingsVersion, pinned, excluded, ...result } = run;
  return {
    ...matchingKeys.run(id),
    entity: 'match-run',
    id,
    createdAt,
    createdBy,
    settingsVersion,
    pinned,
    excluded,
    // Thousands of pairs with their reasons outgrow an item's 400 KB; gzipped they do not.
    result: gzipSync(JSON.stringify(result)),
    expiresAt: epochSeconds(runExpiresAt(createdAt)),
  };
}

/** A stored run read back. */
export function runFromItem(item: Item): MatchingRun {
  const result = JSON.parse(gunzipSync(item.result as Uint8Array).toString('utf8'));
  const { id, createdAt, createdBy, settingsVersion, pinned, excluded } =
    item as unknown as MatchingRun;
  return { id, createdAt, createdBy, settingsVersion, pinned, excluded, ...result };
}

/**
 * The writes that store a run, for one transaction: the run, its register entry, and the
 * count of runs saved, on condition that no erasure committed since `state` was read.
 */
export function runSavingWrites(run: MatchingRun, state: RegisterState): TableWrite[] {
  const expiresAt = epochSeconds(runExpiresAt(run.createdAt));
  return [
    {
      Put: {
        Item: runItem(run),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        Item: { ...runRegisterKeys.run(run.id), entity: 'match-run-entry', expiresAt },
      },
    },
    {
      Update: {
        Key: runRegisterKeys.state(),
        UpdateExpression: 'SET entity = :entity ADD runsSaved :one',
        ...withValues(unchanged('erasures', state.erasures), {
          ':entity': 'match-run-register',
          ':one': 1,
        }),
      },
    },
  ];
}

/**
 * The writes an erasure adds to its transaction: the count of erasures, on condition that
 * no run was saved since `state` was read, and the erased id for runs being saved now.
 */
export function runErasureWrites(
  applicationId: string,
  erasedAt: string,
  state: RegisterState,
): TableWrite[] {
  return [
    {
      Update: {
        Key: runRegisterKeys.state(),
        UpdateExpression: 'SET entity = :entity ADD erasures :one',
        ...withValues(unchanged('runsSaved', state.runsSaved), {
          ':entity': 'match-run-register',
          ':one': 1,
        }),
      },
    },
    {
      Put: {
        Item: {
          ...runRegisterKeys.erased(applicationId),
          entity: 'match-run-erasure',
          expiresAt: epochSeconds(new Date(erasedAt)) + ERASED_ENTRY_SECONDS,
        },
      },
    },
  ];
}

function withValues(
  condition: { ConditionExpression: string; ExpressionAttributeValues?: Record<string, unknown> },
  values: Record<string, unknown>,
) {
  return {
    ConditionExpression: condition.ConditionExpression,
    ExpressionAttributeValues: { ...condition.ExpressionAttributeValues, ...values },
  };
}

async function registerEntries(table: TableGateway, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  let startKey: Item | undefined;
  do {
    const page = await table.query({
      KeyConditionExpression: 'pk = :register AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':register': REGISTER, ':prefix': prefix },
      ProjectionExpression: 'sk',
      ConsistentRead: true,
      ExclusiveStartKey: startKey,
    });
    for (const item of page.Items ?? []) ids.push(String(item.sk).slice(prefix.length));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return ids;
}

/** Everyone erased in the last day or so, whom a run being saved must leave out. */
export async function recentlyErased(table: TableGateway): Promise<Set<string>> {
  return new Set(await registerEntries(table, ERASED_ENTRY));
}

/**
 * Takes the given people out of every registered run (see runWithout), rewriting only the
 * runs that hold them. Each rewrite is conditional on the run's revision, so two erasures
 * rewriting one run do not undo each other, and on the run still existing, so one that
 * expired is not brought back. Returns how many runs were rewritten. Safe to repeat.
 */
export async function removeFromRuns(
  table: TableGateway,
  erasedIds: ReadonlySet<string>,
): Promise<number> {
  const runIds = await registerEntries(table, RUN_ENTRY);
  const items = await table.batchGet(
    runIds.map((id) => matchingKeys.run(id)),
    { consistentRead: true },
  );
  let rewritten = 0;
  for (const item of items) {
    if (await rewriteWithout(table, item, erasedIds)) rewritten++;
  }
  return rewritten;
}

async function rewriteWithout(
  table: TableGateway,
  first: Item,
  erasedIds: ReadonlySet<string>,
): Promise<boolean> {
  let item: Item | undefined = first;
  for (let attempt = 0; item && attempt < REWRITE_ATTEMPTS; attempt++) {
    const run = runFromItem(item);
    const cleaned = runWithout(run, erasedIds);
    if (!cleaned) return false;
    const stored = runItem(cleaned);
    const revision = typeof item.revision === 'number' ? item.revision : 0;
    try {
      await table.update({
        Key: matchingKeys.run(run.id),
        UpdateExpression:
          'SET #result = :result, pinned = :pinned, excluded = :excluded, revision = :next',
        ConditionExpression:
          revision === 0
            ? 'attribute_exists(pk) AND attribute_not_exists(revision)'
            : 'revision = :revision',
        ExpressionAttributeNames: { '#result': 'result' },
        ExpressionAttributeValues: {
          ':result': stored.result,
          ':pinned': stored.pinned,
          ':excluded': stored.excluded,
          ':next': revision + 1,
          ...(revision === 0 ? {} : { ':revision': revision }),
        },
      });
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Rewritten meanwhile, or gone: read it again (nothing to do if it has expired).
      ({ Item: item } = await table.get({ Key: matchingKeys.run(run.id), ConsistentRead: true }));
    }
  }
  if (item) throw new Error(`Run ${String(first.id)} kept changing while being rewritten`);
  return false;
}
