import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { itemKeys, matchingKeys } from '../../shared/applications/store/application-item.js';
import { EVALUATION_SORT_KEY } from '../../shared/recognition/store/recognition-store.js';

/** A match the mentor saw through: the meetings they reported at each check-in, in order. */
export interface SeededMatch {
  menteeId?: string;
  meetings: number[];
}

/**
 * What the end of the cycle leaves on a mentor's partition (the contract letters are built
 * against, seeded here directly): the application `completed`, each completed match's view
 * with `completedAt`, the mentor's check-in answers with their running `meetings`, and the
 * evaluation with `letterByEmail` when they answered it. Answers the match ids.
 */
export async function completeTheCycle(
  documents: DynamoDBDocumentClient,
  tableName: string,
  mentorId: string,
  seed: { matches: SeededMatch[]; letterByEmail?: boolean; completedAt?: string },
): Promise<string[]> {
  const completedAt = seed.completedAt ?? new Date().toISOString();
  const put = (Item: Record<string, unknown>) =>
    documents.send(new PutCommand({ TableName: tableName, Item }));
  await documents.send(
    new UpdateCommand({
      TableName: tableName,
      Key: itemKeys.application(mentorId),
      UpdateExpression: 'SET #status = :completed, version = version + :one',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':completed': 'completed', ':one': 1 },
    }),
  );
  const matchIds: string[] = [];
  for (const match of seed.matches) {
    const matchId = ulid();
    const menteeId = match.menteeId ?? ulid();
    matchIds.push(matchId);
    await put({
      ...matchingKeys.matchView(mentorId, menteeId),
      entity: 'match',
      withId: menteeId,
      withRole: 'mentee',
      matchId,
      approvedAt: new Date(Date.parse(completedAt) - 200 * 86_400_000).toISOString(),
      approvedBy: { sub: 'ada', email: 'ada@ladocs.example' },
      score: 1,
      runId: 'seeded-run',
      completedAt,
    });
    for (const [index, meetings] of match.meetings.entries()) {
      await put({
        ...itemKeys.checkInAnswer(mentorId, matchId, index + 1),
        entity: 'checkIn',
        matchId,
        number: index + 1,
        met: meetings > 0,
        meetings,
        rating: 5,
        contactStaff: false,
        answeredAt: completedAt,
      });
    }
  }
  if (seed.letterByEmail !== undefined) {
    await put({
      pk: itemKeys.application(mentorId).pk,
      sk: EVALUATION_SORT_KEY,
      entity: 'evaluation',
      letterByEmail: seed.letterByEmail,
    });
  }
  return matchIds;
}
