import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type Item,
  LISTED,
  matchingKeys,
  toSubmission,
} from '../../applications/store/application-item.js';
import type { Actor, Submission } from '../../applications/submission.js';
import {
  isConditionFailure,
  isTransactionCancelled,
} from '../../platform/table/dynamodb-values.js';
import { TABLE_DESIGN } from '../../platform/table/table-design.js';
import { TableGateway } from '../../platform/table/table-gateway.js';
import type { MatchEndingOutcome, MatchEndingRequest } from '../match-ending.js';
import type {
  ApprovalAttempt,
  ApprovalBatch,
  MatchingRepository,
  MatchingRun,
} from '../matching-ports.js';
import { DEFAULT_MATCHING_SETTINGS, type MatchingSettings } from '../matching-settings.js';
import { runWithout } from '../run-erasure.js';
import { endMatch } from './match-ending.js';
import { recentlyErased, registerState, runFromItem, runSavingWrites } from './matching-runs.js';
import { approvePairs, PAIRS_PER_APPROVAL } from './pair-approval.js';

const SAVE_RUN_ATTEMPTS = 3;

const byDate = TABLE_DESIGN.indexes.byDate;

const poolStatuses = {
  ':review': 'under_review',
  ':waiting': 'waitlisted',
  ':matched': 'matched',
};

/** The saved scoring settings (the defaults until an admin saves some), read consistently. */
export async function readMatchingSettings(table: TableGateway): Promise<MatchingSettings> {
  const { Item } = await table.get({ Key: matchingKeys.settings(), ConsistentRead: true });
  if (!Item) return DEFAULT_MATCHING_SETTINGS;
  const { version, weights, minimumScore } = Item as unknown as MatchingSettings;
  return { version, weights, minimumScore };
}

/**
 * Matching's storage: the pool (through byDate), settings and runs here; approving pairs
 * (pair-approval) and ending matches (match-ending) in their own files.
 */
export class DynamoDbMatchingRepository implements MatchingRepository {
  private readonly table: TableGateway;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.table = new TableGateway(client, tableName);
  }

  async poolApplications() {
    const submissions: Submission[] = [];
    const matchCounts = new Map<string, number>();
    let startKey: Item | undefined;
    do {
      const page = await this.table.query({
        IndexName: 'byDate',
        KeyConditionExpression: '#list = :listed',
        FilterExpression: '#status IN (:review, :waiting, :matched)',
        ExpressionAttributeNames: { '#list': byDate.partitionKey, '#status': 'status' },
        ExpressionAttributeValues: { ':listed': LISTED, ...poolStatuses },
        ExclusiveStartKey: startKey,
      });
      for (const item of page.Items ?? []) {
        submissions.push(toSubmission(item));
        if (typeof item.matchCount === 'number') matchCounts.set(String(item.id), item.matchCount);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { submissions, matchCounts };
  }

  settings(): Promise<MatchingSettings> {
    return readMatchingSettings(this.table);
  }

  async saveSettings(
    settings: Omit<MatchingSettings, 'version'>,
    expectedVersion: number,
  ): Promise<MatchingSettings | 'version_mismatch'> {
    const saved = { ...settings, version: expectedVersion + 1 };
    try {
      await this.table.put({
        Item: { ...matchingKeys.settings(), entity: 'matching-settings', ...saved },
        // The defaults are version 1 and never stored: saving over them needs no item.
        ConditionExpression:
          expectedVersion === DEFAULT_MATCHING_SETTINGS.version
            ? 'attribute_not_exists(pk) OR version = :expected'
            : 'version = :expected',
        ExpressionAttributeValues: { ':expected': expectedVersion },
      });
      return saved;
    } catch (error) {
      if (isConditionFailure(error)) return 'version_mismatch';
      throw error;
    }
  }

  async saveRun(run: MatchingRun): Promise<MatchingRun> {
    // Leaves out anyone erased since the pool was read, and registers the run so that a
    // later erasure finds it (see matching-runs for the race this closes).
    for (let attempt = 1; ; attempt++) {
      const state = await registerState(this.table);
      const stored = runWithout(run, await recentlyErased(this.table)) ?? run;
      try {
        await this.table.transactWrite(runSavingWrites(stored, state));
        return stored;
      } catch (error) {
        // An erasure committed meanwhile: read who was erased again.
        if (!isTransactionCancelled(error) || attempt >= SAVE_RUN_ATTEMPTS) throw error;
      }
    }
  }

  async findRun(id: string): Promise<MatchingRun | undefined> {
    const { Item } = await this.table.get({ Key: matchingKeys.run(id), ConsistentRead: true });
    return Item ? { ...runFromItem(Item), id } : undefined;
  }

  readonly approvalBatchSize = PAIRS_PER_APPROVAL;

  approvePairs(batch: ApprovalBatch): Promise<ApprovalAttempt[]> {
    return approvePairs(this.table, batch);
  }

  endMatch(
    menteeId: string,
    request: MatchEndingRequest,
    at: Date,
    actor: Actor,
  ): Promise<MatchEndingOutcome | 'not_matched' | 'changed_meanwhile'> {
    return endMatch(this.table, menteeId, request, at, actor);
  }
}
