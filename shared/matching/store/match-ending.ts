import { itemKeys, matchingKeys } from '../../applications/store/application-item.js';
import type { Actor, Submission } from '../../applications/submission.js';
import { isTransactionCancelled } from '../../platform/table/dynamodb-values.js';
import type { TableGateway, TableWrite } from '../../platform/table/table-gateway.js';
import {
  endingOutcome,
  leavingMatches,
  type MatchEndingOutcome,
  type MatchEndingPlan,
  type MatchEndingRequest,
  type OtherSide,
  type PairEnding,
  type SideLeaving,
  staffEndsMatch,
  statusAfterMatchEnds,
} from '../match-ending.js';

// Ending a match reads, then writes under conditions on what it read: this many tries. Each
// round of a race lets at least one writer through, so five tries with a random pause
// between them settle a handful of admins ending matches of one mentor at once.
const END_MATCH_ATTEMPTS = 5;

/** A short random pause, so writers that collided do not collide again in step. */
const jitter = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 40 * attempt));

/** The pair's own items: the mentee's guard (still naming this mentor) and both match views. */
function pairRemoval(menteeId: string, mentorId: string): TableWrite[] {
  return [
    {
      Delete: {
        Key: matchingKeys.menteeMatched(menteeId),
        ConditionExpression: 'mentorId = :mentor',
        ExpressionAttributeValues: { ':mentor': mentorId },
      },
    },
    { Delete: { Key: matchingKeys.matchView(menteeId, mentorId) } },
    { Delete: { Key: matchingKeys.matchView(mentorId, menteeId) } },
  ];
}

/**
 * A side's update as its match ends, under a condition on what was read (a mentee still
 * matched; a mentor still counting `count` mentees), so a concurrent change cancels the
 * whole transaction rather than miscounting. A mentee may also get priority and a mentor
 * added to those left out for them, in the same write.
 */
function sideLeavesMatch({ side, entry, priority, excludes }: SideLeaving): TableWrite {
  const history =
    'version = version + :one, updatedAt = :at, history = list_append(if_not_exists(history, :none), :entry)';
  const values = {
    ':one': 1,
    ':at': entry.at,
    ':none': [],
    ':entry': [entry],
    ':matched': 'matched',
    ':status': statusAfterMatchEnds(side),
  };
  const common = {
    Key: itemKeys.application(side.id),
    ExpressionAttributeNames: { '#status': 'status' },
  };
  return {
    Update:
      side.role === 'mentor'
        ? {
            ...common,
            UpdateExpression: `SET #status = :status, matchCount = matchCount - :one, ${history}`,
            ConditionExpression: '#status = :matched AND matchCount = :count',
            ExpressionAttributeValues: { ...values, ':count': side.count },
          }
        : {
            ...common,
            UpdateExpression: [
              'SET #status = :status',
              ...(priority ? ['priority = :priority'] : []),
              ...(excludes
                ? [
                    'excludedMentors = list_append(if_not_exists(excludedMentors, :none), :excluded)',
                  ]
                : []),
              history,
            ].join(', '),
            ConditionExpression: '#status = :matched',
            ExpressionAttributeValues: {
              ...values,
              ...(priority ? { ':priority': true } : {}),
              ...(excludes ? { ':excluded': [excludes] } : {}),
            },
          },
  };
}

/** The transaction writes that end these matches: per pair, its records, then each side. */
export function matchEndingWrites(pairs: readonly PairEnding[]): TableWrite[] {
  return pairs.flatMap((pair) => [
    ...pairRemoval(pair.menteeId, pair.mentorId),
    ...pair.sides.map(sideLeavesMatch),
  ]);
}

/**
 * Reads each other side of a leaving application's matches (strongly consistent, one
 * GetItem each) and plans the ending (leavingMatches). The caller commits
 * matchEndingWrites(plan.pairs) in its own transaction, beside the leaving side's write.
 */
export async function readMatchEnding(
  table: TableGateway,
  leaving: Submission,
  at: string,
  actor: Actor,
): Promise<MatchEndingPlan> {
  const others = new Map<string, OtherSide>();
  for (const match of leaving.matches ?? []) {
    const { Item: other } = await table.get({
      Key: itemKeys.application(match.withId),
      ConsistentRead: true,
    });
    if (!other) continue;
    const count: unknown = other.matchCount ?? undefined;
    others.set(match.withId, {
      status: String(other.status),
      ...(count !== undefined ? { matchCount: Number(count) } : {}),
      reference: String(other.reference),
    });
  }
  return leavingMatches(leaving, others, at, actor);
}

/**
 * Staff end a mentee's match, for a reason. A read, then a write conditioned on it. Another
 * end of the same match, or of another match of the same mentor (their count moves),
 * cancels the write: read again and retry, a few times, before saying the match is
 * changing under us.
 */
export async function endMatch(
  table: TableGateway,
  menteeId: string,
  request: MatchEndingRequest,
  at: Date,
  actor: Actor,
): Promise<MatchEndingOutcome | 'not_matched' | 'changed_meanwhile'> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await endMatchOnce(table, menteeId, request, at, actor);
    } catch (error) {
      if (!isTransactionCancelled(error)) throw error;
      if (attempt >= END_MATCH_ATTEMPTS) return 'changed_meanwhile';
      await jitter(attempt);
    }
  }
}

async function endMatchOnce(
  table: TableGateway,
  menteeId: string,
  request: MatchEndingRequest,
  at: Date,
  actor: Actor,
): Promise<MatchEndingOutcome | 'not_matched'> {
  const { Item: guard } = await table.get({
    Key: matchingKeys.menteeMatched(menteeId),
    ConsistentRead: true,
  });
  if (!guard) return 'not_matched';
  const mentorId = String(guard.mentorId);
  const { Item: mentor } = await table.get({
    Key: itemKeys.application(mentorId),
    ConsistentRead: true,
  });
  const count = Number(mentor?.matchCount ?? 1);
  const ending = staffEndsMatch(menteeId, mentorId, count, at.toISOString(), actor, request);
  await table.transactWrite(matchEndingWrites([ending]));
  return endingOutcome(ending, request);
}
