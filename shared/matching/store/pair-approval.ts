import {
  type Item,
  itemKeys,
  matchingKeys,
  newEmailPut,
} from '../../applications/store/application-item.js';
import { isTransactionCancelled } from '../../platform/table/dynamodb-values.js';
import type { TableGateway, TableWrite } from '../../platform/table/table-gateway.js';
import type { ApprovalAttempt, ApprovalBatch } from '../matching-ports.js';
import {
  type PairApproval,
  type PairRead,
  planApproval,
  type ReadSide,
  type SideJoining,
} from '../pair-approval.js';

// TransactWriteItems takes at most 100 writes, and approving a pair is seven of them.
const WRITES_PER_PAIR = 7;
/** How many pairs one approval transaction takes. */
export const PAIRS_PER_APPROVAL = Math.floor(100 / WRITES_PER_PAIR);

// Approving reads, then writes under conditions on what it read: this many tries a batch.
const APPROVAL_ATTEMPTS = 3;

const poolStatuses = {
  ':review': 'under_review',
  ':waiting': 'waitlisted',
  ':matched': 'matched',
};

/**
 * Approves a batch (see MatchingRepository.approvePairs): reads and writes it again while
 * a concurrent change holds some pair up, a few times.
 */
export async function approvePairs(
  table: TableGateway,
  batch: ApprovalBatch,
): Promise<ApprovalAttempt[]> {
  if (batch.pairs.length > PAIRS_PER_APPROVAL) {
    throw new RangeError(`At most ${PAIRS_PER_APPROVAL} pairs are approved at once.`);
  }
  let attempts: ApprovalAttempt[] = [];
  for (let attempt = 1; attempt <= APPROVAL_ATTEMPTS; attempt++) {
    attempts = await approveOnce(table, batch);
    if (!attempts.includes('retry')) return attempts;
  }
  return attempts;
}

/**
 * One read of the batch (each mentee's guard and both applications), then one transaction
 * for the pairs that read as approvable (planApproval). When something changed between the
 * two (another approval, a withdrawal, a staff edit), nothing is written and those pairs
 * answer `retry`: the next read says truthfully why one of them cannot be approved.
 */
async function approveOnce(table: TableGateway, batch: ApprovalBatch): Promise<ApprovalAttempt[]> {
  const keys = batch.pairs.flatMap((pair) => [
    matchingKeys.menteeMatched(pair.menteeId),
    itemKeys.application(pair.menteeId),
    itemKeys.application(pair.mentorId),
  ]);
  const found = new Map(
    (await table.batchGet(keys, { consistentRead: true })).map((item) => [
      `${item.pk}|${item.sk}`,
      item,
    ]),
  );
  const read = (key: { pk: string; sk: string }) => found.get(`${key.pk}|${key.sk}`);
  const reads = batch.pairs.map((pair): PairRead => {
    const guard = read(matchingKeys.menteeMatched(pair.menteeId));
    const mentee = liveSide(read(itemKeys.application(pair.menteeId)));
    const mentor = liveSide(read(itemKeys.application(pair.mentorId)));
    return {
      ...(guard ? { matchedMentorId: String(guard.mentorId) } : {}),
      ...(mentee ? { mentee } : {}),
      ...(mentor ? { mentor } : {}),
    };
  });
  const { attempts, approvals } = planApproval(batch, reads);
  if (approvals.length === 0) return attempts;
  try {
    await table.transactWrite(approvals.flatMap(approvalWrites));
    return attempts;
  } catch (error) {
    if (!isTransactionCancelled(error)) throw error;
    return attempts.map((attempt) => (attempt === 'approved' ? 'retry' : attempt));
  }
}

/**
 * A side as approval reads it (status, version, a mentor's count and capacity, a mentee's
 * mentors left out), or undefined for an application that no longer exists or was erased.
 */
function liveSide(item: Item | undefined): ReadSide | undefined {
  if (!item || item.status === 'erased') return undefined;
  const answers = (item.application ?? {}) as { capacity?: unknown };
  const excluded = Array.isArray(item.excludedMentors)
    ? (item.excludedMentors as Array<{ mentorId?: unknown }>).map(({ mentorId }) =>
        String(mentorId),
      )
    : [];
  return {
    status: String(item.status),
    version: Number(item.version),
    ...(typeof item.matchCount === 'number' ? { matchCount: item.matchCount } : {}),
    capacity: Number(answers.capacity ?? 0),
    ...(excluded.length > 0 ? { excludedMentorIds: excluded } : {}),
  };
}

const history =
  'version = version + :one, updatedAt = :at, history = list_append(if_not_exists(history, :none), :entry)';

/**
 * A mentor taking one more mentee (an approved pair, or a colleague brought in): to
 * `matched`, their count up by one within their capacity (the mentor's own answer,
 * compared in the same write), and the version read, so the history's `from` stays true.
 */
export function mentorTakesMentee(mentor: SideJoining): TableWrite {
  return {
    Update: {
      Key: itemKeys.application(mentor.id),
      UpdateExpression: `SET #status = :matched, matchCount = if_not_exists(matchCount, :zero) + :one, ${history}`,
      ConditionExpression:
        '#status IN (:review, :waiting, :matched) AND (attribute_not_exists(matchCount) OR matchCount < #answers.#capacity) AND version = :version',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#answers': 'application',
        '#capacity': 'capacity',
      },
      ExpressionAttributeValues: {
        ...poolStatuses,
        ':zero': 0,
        ':one': 1,
        ':at': mentor.entry.at,
        ':none': [],
        ':entry': [mentor.entry],
        ':version': mentor.expectedVersion,
      },
    },
  };
}

/**
 * A pair's seven writes: the mentee's guard, both applications (each under a condition on
 * what was read, so a concurrent change cancels the transaction), both match views and an
 * introduction to each.
 */
function approvalWrites(approval: PairApproval): TableWrite[] {
  const { pair, runId, mentee, mentor, views, introductions } = approval;
  return [
    {
      Put: {
        Item: {
          ...matchingKeys.menteeMatched(pair.menteeId),
          entity: 'mentee-matched',
          mentorId: pair.mentorId,
          runId,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        Key: itemKeys.application(mentee.id),
        UpdateExpression: `SET #status = :matched, ${history}`,
        ConditionExpression: '#status IN (:review, :waiting) AND version = :version',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ...poolStatuses,
          ':one': 1,
          ':at': mentee.entry.at,
          ':none': [],
          ':entry': [mentee.entry],
          ':version': mentee.expectedVersion,
        },
      },
    },
    mentorTakesMentee(mentor),
    ...views.map(({ applicationId, view }) => ({
      Put: {
        Item: { ...matchingKeys.matchView(applicationId, view.withId), entity: 'match', ...view },
      },
    })),
    ...introductions.map((email) => newEmailPut(email)),
  ];
}
