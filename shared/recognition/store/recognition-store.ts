import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type EmailState,
  type OutboxEmail,
  recognitionLetterKind,
} from '../../applications/outbox.js';
import {
  CHECK_IN_SORT_PREFIX,
  EMAIL_SORT_PREFIX,
  type Item,
  itemKeys,
  MATCH_SORT_PREFIX,
  newEmailPut,
} from '../../applications/store/application-item.js';
import { listedApplicationPages } from '../../applications/store/listed-applications.js';
import { mapWithBoundedConcurrency } from '../../platform/bounded-concurrency.js';
import type { TableWrite } from '../../platform/table/table-gateway.js';
import { COMPLETED_STATUS, type StoredLetter } from '../letter.js';
import type { MentorRecord } from '../mentor-record.js';
import type { RecognitionStore } from '../recognition-ports.js';
import { DynamoDbIssuedLetters, letterItem, toIssuedLetter } from './issued-letters.js';

/**
 * The sort key of the mentor's end-of-cycle evaluation (the contract with the cycle's
 * completion): its `letterByEmail` is their answer to "May we email you a letter of
 * recognition?".
 */
export const EVALUATION_SORT_KEY = 'EVALUATION';

// What a letter reads of a mentor's partition: the application's status and name, each
// match view's completion, each check-in's meetings, the evaluation's consent, the letter's
// facts and its email's state; never the letter's PDF (kilobytes per mentor, unused here).
// Every name through a placeholder: several (status, type, state, reference) are reserved.
const PARTITION_ATTRIBUTES = [
  'sk',
  'id',
  'reference',
  'type',
  'status',
  'cycleId',
  'application.firstName',
  'application.lastName',
  'application.credential',
  'matchId',
  'withId',
  'completedAt',
  'meetings',
  'letterByEmail',
  'mentorId',
  'mentorName',
  'cycleName',
  'mentees',
  'issuedAt',
  'issuedBy',
  'state',
];
const PARTITION_NAMES = Object.fromEntries(
  [...new Set(PARTITION_ATTRIBUTES.flatMap((path) => path.split('.')))].map((name) => [
    `#${name}`,
    name,
  ]),
);
const PARTITION_PROJECTION = PARTITION_ATTRIBUTES.map((path) =>
  path
    .split('.')
    .map((name) => `#${name}`)
    .join('.'),
).join(', ');

/** The application is still the completed mentor of the cycle (not erased, not changed). */
function stillCompletedMentor(mentorId: string, cycleId: string): TableWrite {
  return {
    ConditionCheck: {
      Key: itemKeys.application(mentorId),
      ConditionExpression: '#status = :completed AND #type = :mentor AND cycleId = :cycle',
      ExpressionAttributeNames: { '#status': 'status', '#type': 'type' },
      ExpressionAttributeValues: {
        ':completed': COMPLETED_STATUS,
        ':mentor': 'mentor',
        ':cycle': cycleId,
      },
    },
  };
}

/** Which writes of a cancelled transaction failed their condition, by position. */
function failedConditions(error: unknown): boolean[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const reasons = error.CancellationReasons ?? [];
  // Another transaction on the same items: nothing was written, the caller reads again.
  if (reasons.some((reason) => reason.Code === 'TransactionConflict')) return [true];
  return reasons.map((reason) => reason.Code === 'ConditionalCheckFailed');
}

/**
 * Letters of recognition in DynamoDB: the cycle's completed mentors through byDate, each
 * mentor's partition in one Query, each letter an item beside the application with its
 * email an outbox item, both written in one conditional transaction.
 */
export class DynamoDbRecognition extends DynamoDbIssuedLetters implements RecognitionStore {
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    super(client, tableName);
  }

  async completedMentorsOf(cycleId: string): Promise<MentorRecord[]> {
    const ids: string[] = [];
    const pages = listedApplicationPages(this.table, {
      filter: 'cycleId = :cycle AND #type = :mentor AND #status = :completed',
      names: { '#type': 'type', '#status': 'status' },
      values: { ':cycle': cycleId, ':mentor': 'mentor', ':completed': COMPLETED_STATUS },
      projection: 'id',
    });
    for await (const page of pages) ids.push(...page.map((item) => String(item.id)));
    const records = await mapWithBoundedConcurrency(ids, 10, (id) => this.mentorRecord(id));
    return records.filter((record): record is MentorRecord => record !== undefined);
  }

  async mentorRecord(id: string): Promise<MentorRecord | undefined> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.table.query({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': itemKeys.application(id).pk },
        ProjectionExpression: PARTITION_PROJECTION,
        ExpressionAttributeNames: PARTITION_NAMES,
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      });
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return recordOf(id, items);
  }

  async saveLetter(letter: StoredLetter, email: OutboxEmail | undefined) {
    try {
      await this.table.transactWrite([
        stillCompletedMentor(letter.mentorId, letter.cycleId),
        { Put: { Item: letterItem(letter), ConditionExpression: 'attribute_not_exists(pk)' } },
        ...(email ? [newEmailPut(email)] : []),
      ]);
      return 'issued' as const;
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed) throw error;
      if (failed[0]) return 'changed_meanwhile' as const;
      // The letter (and so its email) written by another request first.
      if (failed[1] || failed[2]) return 'already_issued' as const;
      throw error;
    }
  }

  async queueLetterEmail(mentorId: string, cycleId: string, email: OutboxEmail) {
    try {
      await this.table.transactWrite([
        stillCompletedMentor(mentorId, cycleId),
        {
          ConditionCheck: {
            Key: itemKeys.letter(mentorId, cycleId),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        newEmailPut(email),
      ]);
      return 'queued' as const;
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed) throw error;
      if (failed[0] || failed[1]) return 'changed_meanwhile' as const;
      if (failed[2]) return 'already_queued' as const;
      throw error;
    }
  }
}

/** A mentor's record from their partition's items; undefined without a live application. */
export function recordOf(id: string, items: readonly Item[]): MentorRecord | undefined {
  const sortKey = (item: Item) => String(item.sk);
  const application = items.find((item) => sortKey(item) === 'APPLICATION');
  if (!application || application.status === 'erased') return undefined;
  const cycleId = typeof application.cycleId === 'string' ? application.cycleId : undefined;
  const answers = (application.application ?? {}) as Record<string, unknown>;
  const letter = cycleId
    ? items.find((item) => sortKey(item) === itemKeys.letter(id, cycleId).sk)
    : undefined;
  const letterEmail = cycleId
    ? items.find(
        (item) => sortKey(item) === `${EMAIL_SORT_PREFIX}${recognitionLetterKind(cycleId)}`,
      )
    : undefined;
  return {
    id,
    reference: String(application.reference ?? ''),
    type: String(application.type),
    status: String(application.status),
    ...(cycleId ? { cycleId } : {}),
    firstName: String(answers.firstName ?? ''),
    lastName: String(answers.lastName ?? ''),
    ...(typeof answers.credential === 'string' ? { credential: answers.credential } : {}),
    completedMatches: items
      .filter(
        (item) =>
          sortKey(item).startsWith(MATCH_SORT_PREFIX) &&
          typeof item.completedAt === 'string' &&
          typeof item.matchId === 'string',
      )
      .map((item) => ({
        matchId: String(item.matchId),
        menteeId: String(item.withId),
        completedAt: String(item.completedAt),
      })),
    reportedMeetings: items
      .filter(
        (item) =>
          sortKey(item).startsWith(CHECK_IN_SORT_PREFIX) && typeof item.meetings === 'number',
      )
      .map((item) => ({ matchId: String(item.matchId), meetings: Number(item.meetings) })),
    consentsToEmail:
      items.find((item) => sortKey(item) === EVALUATION_SORT_KEY)?.letterByEmail === true,
    ...(letter ? { letter: toIssuedLetter(letter) } : {}),
    ...(letterEmail ? { letterEmail: { state: letterEmail.state as EmailState } } : {}),
  };
}
