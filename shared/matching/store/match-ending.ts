import {
  type DynamoDBDocumentClient,
  GetCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { EndedMatch } from '../../applications/staff-notice.js';
import { itemKeys, matchingKeys } from '../../applications/store/application-item.js';
import type { Actor, AuditEntry, Submission } from '../../applications/submission.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One side of a match as it ends: a mentee, or a mentor with `count` mentees until now. */
export type EndingSide =
  | { id: string; role: 'mentee' }
  | { id: string; role: 'mentor'; count: number };

/** Where a side stands once one of its matches ends: a mentor with other mentees stays matched. */
export function statusAfterMatchEnds(side: EndingSide): 'matched' | 'under_review' {
  return side.role === 'mentor' && side.count > 1 ? 'matched' : 'under_review';
}

/** The history entry of a side whose match with `withId` ended. */
export function matchEndedEntry(
  at: string,
  by: Actor,
  side: EndingSide,
  withId: string,
): AuditEntry {
  const to = statusAfterMatchEnds(side);
  return {
    at,
    by,
    changes: {
      ...(to !== 'matched' ? { status: { from: 'matched', to } } : {}),
      match: { event: 'ended', with: withId },
    },
  };
}

/** The pair's own items: the mentee's guard (still naming this mentor) and both match views. */
export function pairRemoval(tableName: string, menteeId: string, mentorId: string): TransactItem[] {
  return [
    {
      Delete: {
        TableName: tableName,
        Key: matchingKeys.menteeMatched(menteeId),
        ConditionExpression: 'mentorId = :mentor',
        ExpressionAttributeValues: { ':mentor': mentorId },
      },
    },
    { Delete: { TableName: tableName, Key: matchingKeys.matchView(menteeId, mentorId) } },
    { Delete: { TableName: tableName, Key: matchingKeys.matchView(mentorId, menteeId) } },
  ];
}

/**
 * A side's update as its match ends, under a condition on what was read (a mentee still
 * matched; a mentor still counting `count` mentees), so a concurrent change cancels the
 * whole transaction rather than miscounting.
 */
export function sideLeavesMatch(
  tableName: string,
  side: EndingSide,
  entry: AuditEntry,
): TransactItem {
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
    TableName: tableName,
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
            UpdateExpression: `SET #status = :status, ${history}`,
            ConditionExpression: '#status = :matched',
            ExpressionAttributeValues: values,
          },
  };
}

/** The writes that end every match of an application that leaves, and what they end. */
export interface MatchEnding {
  items: TransactItem[];
  ended: EndedMatch[];
}

/**
 * The transaction items that end the matches of an application leaving the program
 * (withdrawn or erased): each pair's guard and views go, and each other side goes back to
 * `under_review` for the next run (a mentor with other mentees stays matched). The leaving
 * side itself is the caller's to write (withdrawn, or its tombstone).
 */
export async function matchEnding(
  client: DynamoDBDocumentClient,
  tableName: string,
  leaving: Submission,
  at: string,
  actor: Actor,
): Promise<MatchEnding> {
  const items: TransactItem[] = [];
  const ended: EndedMatch[] = [];
  for (const match of leaving.matches ?? []) {
    const { Item: other } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: itemKeys.application(match.withId),
        ConsistentRead: true,
      }),
    );
    if (other?.status !== 'matched') continue;
    const side: EndingSide =
      leaving.type === 'mentee'
        ? { id: match.withId, role: 'mentor', count: Number(other.matchCount ?? 1) }
        : { id: match.withId, role: 'mentee' };
    const [menteeId, mentorId] =
      leaving.type === 'mentee' ? [leaving.id, match.withId] : [match.withId, leaving.id];
    items.push(
      ...pairRemoval(tableName, menteeId, mentorId),
      sideLeavesMatch(tableName, side, matchEndedEntry(at, actor, side, leaving.id)),
    );
    ended.push({
      withId: match.withId,
      withReference: String(other.reference),
      withRole: match.withRole,
      nowStatus: statusAfterMatchEnds(side),
    });
  }
  return { items, ended };
}
