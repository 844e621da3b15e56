import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { earlierApplicationOf } from '../../applications/duplicates.js';
import type { Fingerprints } from '../../applications/fingerprints.js';
import type { SearchQuery } from '../../applications/name-search.js';
import type { OutboxEmail } from '../../applications/outbox.js';
import type { ReviewStatus } from '../../applications/review-workflow.js';
import type { Application, ApplicationType } from '../../applications/schemas/application-types.js';
import type { StaffNotice } from '../../applications/staff-notice.js';
import {
  applicationIdsOf,
  type Item,
  idOfNameKey,
  itemKeys,
  MATCH_SORT_PREFIX,
  NAMED,
  toMatchView,
  toOutboxEmail,
  toSubmission,
} from '../../applications/store/application-item.js';
import type { AuditEntry, ErasedSubmission, Submission } from '../../applications/submission.js';
import { epochSeconds, isConditionFailure } from '../../platform/table/dynamodb-values.js';
import { TableGateway } from '../../platform/table/table-gateway.js';
import type {
  ReviewState,
  StaffRepository,
  StoredChange,
  SubmissionFilter,
  SubmissionPage,
} from '../staff-ports.js';
import { eraseSubmissionItems } from './submission-erasure.js';
import {
  BY_NAME_INDEX,
  byDate,
  byName,
  decodeCursor,
  encodeCursor,
  listingQuery,
  toErased,
} from './submission-listing.js';

/**
 * Staff access to applications: listing through the byDate index (submission-listing),
 * search, review updates, and erasure (submission-erasure).
 */
export class DynamoDbStaffRepository implements StaffRepository {
  protected readonly table: TableGateway;

  constructor(
    client: DynamoDBDocumentClient,
    tableName: string,
    /** Keyed hashes of addresses and answers: the applicant and replay guards' keys. */
    protected readonly fingerprints: Fingerprints,
  ) {
    this.table = new TableGateway(client, tableName);
  }

  /** Reads items by key, consistently, 100 per BatchGetItem. */
  private batchGet(keys: Item[]): Promise<Item[]> {
    return this.table.batchGet(keys, { consistentRead: true });
  }

  /**
   * Application items as staff see them: each with its confirmation's state (its outbox
   * item) and its `duplicateOf`, derived from its applicant's current list of applications
   * so the links always reflect what is on file. One BatchGetItem per 100 keys.
   */
  private async withConfirmationsAndDuplicates(items: Item[]): Promise<Submission[]> {
    const applicantKeys = await Promise.all(
      items.map((item) =>
        this.fingerprints.applicantKey(
          item.type as ApplicationType,
          (item.application as Application).email,
        ),
      ),
    );
    const guardKeys = [...new Set(applicantKeys)];
    const related = await this.batchGet([
      ...items.map((item) => itemKeys.email(String(item.id), 'confirmation')),
      ...guardKeys.map((key) => itemKeys.applicant(key)),
    ]);
    const confirmations = new Map<string, OutboxEmail>();
    const idsByGuard = new Map<string, string[]>();
    for (const item of related) {
      if (item.entity === 'email') {
        const email = toOutboxEmail(item);
        confirmations.set(email.applicationId, email);
      } else {
        idsByGuard.set(String(item.pk), applicationIdsOf(item));
      }
    }
    return items.map((item, index) => {
      const submission = toSubmission(item, confirmations.get(String(item.id)));
      const guard = String(itemKeys.applicant(applicantKeys[index] ?? '').pk);
      const duplicateOf = earlierApplicationOf(idsByGuard.get(guard) ?? [], submission.id);
      return duplicateOf ? { ...submission, duplicateOf } : submission;
    });
  }

  async list(
    filter: SubmissionFilter,
    page: { limit: number; cursor?: string },
  ): Promise<SubmissionPage> {
    const base = listingQuery(filter);
    let startKey = page.cursor ? decodeCursor(page.cursor) : undefined;
    // One item more than asked tells whether another page exists, so the last page says null.
    const wanted = page.limit + 1;
    const items: Item[] = [];
    do {
      const result = await this.table.query({
        ...base,
        ExclusiveStartKey: startKey,
        Limit: Math.max(wanted - items.length, 25),
      });
      items.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
    } while (items.length < wanted && startKey);
    const pageItems = items.slice(0, page.limit);
    const last = pageItems.at(-1);
    return {
      items: await this.withConfirmationsAndDuplicates(pageItems),
      nextCursor: items.length > page.limit && last ? encodeCursor(last) : null,
    };
  }

  /** The ids a search names, through a guard item or the byName index. */
  private async idsFor(query: SearchQuery): Promise<string[]> {
    if (query.kind === 'reference') {
      const { Item } = await this.table.get({
        Key: itemKeys.reference(query.reference),
        ConsistentRead: true,
      });
      return typeof Item?.applicationId === 'string' ? [Item.applicationId] : [];
    }
    if (query.kind === 'email') {
      const keys = await Promise.all(
        (['mentor', 'mentee'] as const).map((type) =>
          this.fingerprints.applicantKey(type, query.email),
        ),
      );
      const guards = await this.batchGet(keys.map((key) => itemKeys.applicant(key)));
      return guards.flatMap((guard) => applicationIdsOf(guard));
    }
    // Every matching entry, not the first few: the index is in name order, so stopping early
    // would drop whichever names sort last, however new. Entries are keys only (thousands to
    // a 1 MB page), and a program of hundreds of applications a year keeps even a one-letter
    // prefix to a few BatchGetItem calls.
    const ids = new Set<string>();
    let startKey: Item | undefined;
    do {
      const result = await this.table.query({
        IndexName: BY_NAME_INDEX,
        KeyConditionExpression: '#list = :named AND begins_with(#name, :prefix)',
        ExpressionAttributeNames: { '#list': byName.partitionKey, '#name': byName.sortKey },
        ExpressionAttributeValues: { ':named': NAMED, ':prefix': query.prefix },
        ExclusiveStartKey: startKey,
      });
      for (const item of result.Items ?? []) ids.add(idOfNameKey(String(item[byName.sortKey])));
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return [...ids];
  }

  async search(query: SearchQuery, filter: SubmissionFilter, limit: number): Promise<Submission[]> {
    const ids = [...new Set(await this.idsFor(query))];
    const items = await this.batchGet(ids.map((id) => itemKeys.application(id)));
    const matching = items
      .filter((item) => item.status !== 'erased')
      .filter((item) => !filter.type || item.type === filter.type)
      .filter((item) => !filter.status || item.status === filter.status)
      .filter((item) => !filter.from || String(item.createdAt) >= filter.from)
      .filter((item) => !filter.to || String(item.createdAt) <= filter.to)
      .filter((item) => !filter.cycle || item.cycleId === filter.cycle)
      .sort((a, b) =>
        String(b[byDate.sortKey] ?? '').localeCompare(String(a[byDate.sortKey] ?? '')),
      )
      .slice(0, limit);
    return this.withConfirmationsAndDuplicates(matching);
  }

  async *listAll(filter: SubmissionFilter): AsyncIterable<Submission> {
    const base = listingQuery(filter);
    let startKey: Item | undefined;
    do {
      const result = await this.table.query({ ...base, ExclusiveStartKey: startKey });
      yield* await this.withConfirmationsAndDuplicates(result.Items ?? []);
      startKey = result.LastEvaluatedKey;
    } while (startKey);
  }

  async get(id: string): Promise<Submission | ErasedSubmission | undefined> {
    // The application and its outbox emails share a partition: one Query reads them all.
    const { Items = [] } = await this.table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': itemKeys.application(id).pk },
      ConsistentRead: true,
    });
    const item = Items.find((candidate) => candidate.sk === itemKeys.application(id).sk);
    if (!item) return undefined;
    if (item.status === 'erased') return toErased(item);
    const [submission] = await this.withConfirmationsAndDuplicates([item]);
    if (!submission) return undefined;
    // The latest lease any sender holds on its emails: erasure must wait for it.
    const leases = Items.map((candidate) => candidate.leaseUntil)
      .filter((lease): lease is string => typeof lease === 'string')
      .sort();
    const sendingUntil = leases.at(-1);
    const matches = Items.filter((candidate) =>
      String(candidate.sk).startsWith(MATCH_SORT_PREFIX),
    ).map(toMatchView);
    return {
      ...submission,
      ...(matches.length ? { matches } : {}),
      ...(sendingUntil ? { sendingUntil } : {}),
    };
  }

  async reviewStates(ids: readonly string[]): Promise<Map<string, ReviewState | 'erased'>> {
    const items = await this.table.batchGet(
      ids.map((id) => itemKeys.application(id)),
      { consistentRead: true, projection: 'id, #status, version', names: { '#status': 'status' } },
    );
    return new Map(
      items.map((item) => [
        String(item.id),
        item.status === 'erased'
          ? 'erased'
          : { status: item.status as ReviewStatus, version: Number(item.version) },
      ]),
    );
  }

  async update(
    id: string,
    expectedVersion: number,
    change: StoredChange,
    audit: AuditEntry,
  ): Promise<Submission | 'version_mismatch'> {
    const sets = [
      'version = version + :one',
      'updatedAt = :at',
      'history = list_append(if_not_exists(history, :none), :entry)',
    ];
    const values: Record<string, unknown> = {
      ':one': 1,
      ':at': audit.at,
      ':none': [],
      ':entry': [audit],
      ':expected': expectedVersion,
      ':erased': 'erased',
    };
    if (change.status !== undefined) {
      sets.push('#status = :status');
      values[':status'] = change.status;
    }
    if (change.notes !== undefined) {
      sets.push('notes = :notes');
      values[':notes'] = change.notes;
    }
    let removes = '';
    if (change.expiresAt) {
      sets.push('expiresAt = :expiresAt');
      values[':expiresAt'] = epochSeconds(change.expiresAt);
    } else if (change.expiresAt === null) {
      removes = ' REMOVE expiresAt';
    }
    try {
      const { Attributes } = await this.table.update({
        Key: itemKeys.application(id),
        UpdateExpression: `SET ${sets.join(', ')}${removes}`,
        ConditionExpression: 'attribute_exists(pk) AND version = :expected AND #status <> :erased',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      });
      return toSubmission(Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) return 'version_mismatch';
      throw error;
    }
  }

  erase(
    submission: Submission,
    tombstone: ErasedSubmission,
    now: Date,
    notice?: StaffNotice,
  ): Promise<'erased' | 'changed_meanwhile'> {
    return eraseSubmissionItems(this.table, this.fingerprints, {
      submission,
      tombstone,
      now,
      notice,
    });
  }
}
