import { itemKeys, matchingKeys, toMatchView } from '../../applications/store/application-item.js';
import type { Actor, Submission } from '../../applications/submission.js';
import { isTransactionCancelled } from '../../platform/table/dynamodb-values.js';
import type { TableGateway, TableWrite } from '../../platform/table/table-gateway.js';
import {
  type ColleagueEndingOutcome,
  colleagueEndingOutcome,
  endingOutcome,
  leavingMatches,
  type MatchEndingOutcome,
  type MatchEndingPlan,
  type MatchEndingRequest,
  type OtherSide,
  type PairEnding,
  type SideLeaving,
  staffEndsColleague,
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

/**
 * The pair's own items: the mentee's guard (still naming this mentor) and both match views.
 * A colleague's match has no guard (the mentee's is the primary's): its two views go, and
 * while the primary match stays, the primary's two views forget this colleague (if they
 * still name this colleague match, so a concurrent change cancels the transaction).
 */
function pairRemoval({ menteeId, mentorId, secondary }: PairEnding): TableWrite[] {
  const views: TableWrite[] = [
    { Delete: { Key: matchingKeys.matchView(menteeId, mentorId) } },
    { Delete: { Key: matchingKeys.matchView(mentorId, menteeId) } },
  ];
  if (!secondary) {
    return [
      {
        Delete: {
          Key: matchingKeys.menteeMatched(menteeId),
          ConditionExpression: 'mentorId = :mentor',
          ExpressionAttributeValues: { ':mentor': mentorId },
        },
      },
      ...views,
    ];
  }
  if (!secondary.primaryStays) return views;
  const forget = (Key: { pk: string; sk: string }): TableWrite => ({
    Update: {
      Key,
      UpdateExpression: 'REMOVE colleague',
      ConditionExpression: 'colleague.matchId = :match',
      ExpressionAttributeValues: { ':match': secondary.matchId },
    },
  });
  return [
    ...views,
    forget(matchingKeys.matchView(menteeId, secondary.primaryMentorId)),
    forget(matchingKeys.matchView(secondary.primaryMentorId, menteeId)),
  ];
}

/**
 * One side's moves in a plan, together: a transaction may write an item only once, and a
 * side can leave two matches at once (a mentee's primary and colleague; a colleague of two
 * mentees of a mentor who leaves). The first move's read is the condition; the side ends
 * where the last leaves it (a mentee under review if any move takes them there).
 */
interface SideMoves {
  first: SideLeaving;
  moves: SideLeaving[];
}

function bySide(leavings: readonly SideLeaving[]): SideMoves[] {
  const found = new Map<string, SideMoves>();
  for (const leaving of leavings) {
    const moves = found.get(leaving.side.id);
    if (moves) moves.moves.push(leaving);
    else found.set(leaving.side.id, { first: leaving, moves: [leaving] });
  }
  return [...found.values()];
}

/** Where a side stands after all its moves. */
function statusAfterMoves({ moves }: SideMoves): 'matched' | 'under_review' {
  return moves.some((move) => statusAfterMatchEnds(move.side) === 'under_review')
    ? 'under_review'
    : 'matched';
}

/**
 * A side's update as its matches end, under a condition on what was read (a mentee still
 * matched; a mentor still counting `count` mentees), so a concurrent change cancels the
 * whole transaction rather than miscounting. A mentee may also get priority and a mentor
 * added to those left out for them, in the same write.
 */
function sideLeavesMatch(side: SideMoves): TableWrite {
  const { first, moves } = side;
  const entries = moves.map((move) => move.entry);
  const priority = moves.some((move) => move.priority);
  const excluded = moves.flatMap((move) => (move.excludes ? [move.excludes] : []));
  const history =
    'version = version + :one, updatedAt = :at, history = list_append(if_not_exists(history, :none), :entry)';
  const values = {
    ':one': 1,
    ':at': first.entry.at,
    ':none': [],
    ':entry': entries,
    ':matched': 'matched',
    ':status': statusAfterMoves(side),
  };
  const common = {
    Key: itemKeys.application(first.side.id),
    ExpressionAttributeNames: { '#status': 'status' },
  };
  return {
    Update:
      first.side.role === 'mentor'
        ? {
            ...common,
            UpdateExpression: `SET #status = :status, matchCount = matchCount - :left, ${history}`,
            ConditionExpression: '#status = :matched AND matchCount = :count',
            ExpressionAttributeValues: {
              ...values,
              ':left': moves.length,
              ':count': first.side.count,
            },
          }
        : {
            ...common,
            UpdateExpression: [
              'SET #status = :status',
              ...(priority ? ['priority = :priority'] : []),
              ...(excluded.length > 0
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
              ...(excluded.length > 0 ? { ':excluded': excluded } : {}),
            },
          },
  };
}

/** The transaction writes that end these matches: each pair's records, then each side once. */
export function matchEndingWrites(pairs: readonly PairEnding[]): TableWrite[] {
  return [
    ...pairs.flatMap(pairRemoval),
    ...bySide(pairs.flatMap((pair) => pair.sides)).map(sideLeavesMatch),
  ];
}

/** The other side of a match as ending reads it (strongly consistent), or undefined when gone. */
export async function readOtherSide(
  table: TableGateway,
  id: string,
): Promise<OtherSide | undefined> {
  const { Item: other } = await table.get({
    Key: itemKeys.application(id),
    ConsistentRead: true,
  });
  if (!other) return undefined;
  const count: unknown = other.matchCount ?? undefined;
  return {
    status: String(other.status),
    ...(count !== undefined ? { matchCount: Number(count) } : {}),
    reference: String(other.reference ?? ''),
  };
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
  // The other side of each match, and the colleague of each primary mentor's mentee (their
  // match ends with the primary one).
  const ids = new Set(
    (leaving.matches ?? []).flatMap((match) => [
      match.withId,
      ...(match.colleague ? [match.colleague.mentorId] : []),
    ]),
  );
  for (const id of ids) {
    const other = await readOtherSide(table, id);
    if (other) others.set(id, other);
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
  const [{ Item: mentor }, { Item: view }] = await Promise.all([
    table.get({ Key: itemKeys.application(mentorId), ConsistentRead: true }),
    table.get({ Key: matchingKeys.matchView(menteeId, mentorId), ConsistentRead: true }),
  ]);
  const count = Number(mentor?.matchCount ?? 1);
  // The mentee's colleague, named on the primary match's view, ends with the match.
  const named = view ? toMatchView(view).colleague : undefined;
  const colleague = named ? await readOtherSide(table, named.mentorId) : undefined;
  const endings = staffEndsMatch(
    menteeId,
    mentorId,
    count,
    at.toISOString(),
    actor,
    request,
    named && colleague?.status === 'matched'
      ? { ...named, count: colleague.matchCount ?? 1 }
      : undefined,
  );
  await table.transactWrite(matchEndingWrites(endings));
  return endingOutcome(endings, request);
}

/**
 * Staff end only a mentee's colleague match: a read of the colleague's view on the mentee
 * and of the colleague's count, then a write conditioned on both (staffEndsColleague).
 * Retried like endMatch when something changes in between.
 */
export async function endColleagueMatch(
  table: TableGateway,
  menteeId: string,
  mentorId: string,
  at: Date,
  actor: Actor,
): Promise<ColleagueEndingOutcome | 'no_colleague' | 'changed_meanwhile'> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { Item: view } = await table.get({
        Key: matchingKeys.matchView(menteeId, mentorId),
        ConsistentRead: true,
      });
      const match = view ? toMatchView(view) : undefined;
      if (!match?.secondary || !match.matchId || !match.primaryMentorId) return 'no_colleague';
      const colleague = await readOtherSide(table, mentorId);
      const ending = staffEndsColleague(
        { menteeId, mentorId, matchId: match.matchId, primaryMentorId: match.primaryMentorId },
        colleague?.matchCount ?? 1,
        at.toISOString(),
        actor,
      );
      await table.transactWrite(matchEndingWrites([ending]));
      return colleagueEndingOutcome(ending);
    } catch (error) {
      if (!isTransactionCancelled(error)) throw error;
      if (attempt >= END_MATCH_ATTEMPTS) return 'changed_meanwhile';
      await jitter(attempt);
    }
  }
}
