import {
  type DynamoDBDocumentClient,
  GetCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { EndedMatch } from '../domain/self-service/staff-notice.js';
import type { Actor, AuditEntry, Submission } from '../domain/submission.js';
import { type Item, itemKeys, matchingKeys } from './application-item.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The writes that end every match of an application that leaves, and what they end. */
export interface MatchEnding {
  items: TransactItem[];
  ended: EndedMatch[];
}

/**
 * The transaction items that end the matches of an application leaving the program
 * (withdrawn or erased): the mentee's guard and both match views go, and each other side
 * is updated under a condition on what was read (a mentor's count of mentees, a mentee's
 * status), so a concurrent change cancels the whole transaction rather than miscounting.
 * A mentor left with no mentee, and every mentee, go back to `under_review` for the next run.
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
    const [menteeId, mentorId] =
      leaving.type === 'mentee' ? [leaving.id, match.withId] : [match.withId, leaving.id];
    items.push(
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
    );
    const otherIsMentor = leaving.type === 'mentee';
    const count = Number(other.matchCount ?? 1);
    const nowStatus = otherIsMentor && count > 1 ? 'matched' : 'under_review';
    const entry: AuditEntry = {
      at,
      by: actor,
      changes: {
        ...(nowStatus !== 'matched' ? { status: { from: 'matched', to: nowStatus } } : {}),
        match: { event: 'ended', with: leaving.id },
      },
    };
    items.push({ Update: otherUpdate(tableName, other, otherIsMentor, count, nowStatus, entry) });
    ended.push({
      withId: match.withId,
      withReference: String(other.reference),
      withRole: match.withRole,
      nowStatus,
    });
  }
  return { items, ended };
}

function otherUpdate(
  tableName: string,
  other: Item,
  isMentor: boolean,
  count: number,
  nowStatus: 'matched' | 'under_review',
  entry: AuditEntry,
) {
  const common = {
    TableName: tableName,
    Key: { pk: other.pk, sk: other.sk },
    ExpressionAttributeNames: { '#status': 'status' },
  };
  const history =
    'version = version + :one, updatedAt = :at, history = list_append(if_not_exists(history, :none), :entry)';
  const values = {
    ':one': 1,
    ':at': entry.at,
    ':none': [],
    ':entry': [entry],
    ':matched': 'matched',
  };
  return isMentor
    ? {
        ...common,
        UpdateExpression: `SET #status = :status, matchCount = matchCount - :one, ${history}`,
        ConditionExpression: '#status = :matched AND matchCount = :count',
        ExpressionAttributeValues: { ...values, ':status': nowStatus, ':count': count },
      }
    : {
        ...common,
        UpdateExpression: `SET #status = :status, ${history}`,
        ConditionExpression: '#status = :matched',
        ExpressionAttributeValues: { ...values, ':status': nowStatus },
      };
}
