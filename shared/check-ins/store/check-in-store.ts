import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AcceptedCheckIn } from '../../applications/check-in-link.js';
import type { OutboxEmail } from '../../applications/outbox.js';
import {
  CHECK_IN_SORT_PREFIX,
  EMAIL_SORT_PREFIX,
  type Item,
  isSecondaryView,
  itemKeys,
  MATCH_SORT_PREFIX,
  newEmailPut,
} from '../../applications/store/application-item.js';
import { partitionItems } from '../../applications/store/application-partition.js';
import { listedApplicationPages } from '../../applications/store/listed-applications.js';
import { mapWithBoundedConcurrency } from '../../platform/bounded-concurrency.js';
import { isConditionFailure } from '../../platform/table/dynamodb-values.js';
import { TableGateway } from '../../platform/table/table-gateway.js';
import type { CheckInAnswers, CheckInRecord } from '../answer-check-in.js';
import type { CheckInAnswer } from '../check-in-answer.js';
import type { ActiveMatch, CheckInSchedulerStore, MatchSide } from '../schedule-check-ins.js';

/** One application's partition as check-ins read it: its match views, emails and answers. */
interface Partition {
  views: Item[];
  emailKinds: Set<string>;
  /** `<matchId>#<number>` of every check-in answered. */
  answered: Set<string>;
}

/**
 * Check-ins in DynamoDB: the matches in place found through the byDate index (matched
 * mentees) and each side's partition (one Query: its match views, emails and answers);
 * each check-in email an outbox item, each answer an item beside the person's application.
 */
export class DynamoDbCheckIns implements CheckInSchedulerStore, CheckInAnswers {
  private readonly table: TableGateway;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.table = new TableGateway(client, tableName);
  }

  private async partition(applicationId: string): Promise<Partition> {
    const items = await partitionItems(this.table, applicationId, {
      projection: 'sk, withId, withRole, approvedAt, matchId, secondary, #number',
      names: { '#number': 'number' },
    });
    const sortKeys = items.map((item) => String(item.sk));
    return {
      views: items.filter((item) => String(item.sk).startsWith(MATCH_SORT_PREFIX)),
      emailKinds: new Set(
        sortKeys
          .filter((sk) => sk.startsWith(EMAIL_SORT_PREFIX))
          .map((sk) => sk.slice(EMAIL_SORT_PREFIX.length)),
      ),
      answered: new Set(
        sortKeys
          .filter((sk) => sk.startsWith(CHECK_IN_SORT_PREFIX))
          .map((sk) => sk.slice(CHECK_IN_SORT_PREFIX.length)),
      ),
    };
  }

  async activeMatches(): Promise<ActiveMatch[]> {
    const mentees: Array<{ id: string; cycleId?: string }> = [];
    const pages = listedApplicationPages(this.table, {
      filter: '#type = :mentee AND #status = :matched',
      names: { '#type': 'type', '#status': 'status' },
      values: { ':mentee': 'mentee', ':matched': 'matched' },
      projection: 'id, cycleId',
    });
    for await (const page of pages) {
      for (const item of page) {
        mentees.push({
          id: String(item.id),
          ...(item.cycleId ? { cycleId: String(item.cycleId) } : {}),
        });
      }
    }
    // A mentor with several mentees is read once.
    const mentors = new Map<string, Promise<Partition>>();
    const sideOf = (applicationId: string, partition: Partition, matchId: string): MatchSide => ({
      applicationId,
      emailKinds: partition.emailKinds,
      answered: new Set(
        [...partition.answered]
          .filter((key) => key.startsWith(`${matchId}#`))
          .map((key) => Number(key.slice(matchId.length + 1))),
      ),
    });
    const matches = await mapWithBoundedConcurrency(mentees, 10, async (mentee) => {
      const own = await this.partition(mentee.id);
      // The primary match only: check-ins stay between the mentee and their mentor, and a
      // colleague brought in for one need is not asked how the mentoring goes.
      const view = own.views.find(
        (each) => each.withRole === 'mentor' && each.matchId && !isSecondaryView(each),
      );
      if (!view) return undefined;
      const mentorId = String(view.withId);
      const matchId = String(view.matchId);
      let mentor = mentors.get(mentorId);
      if (!mentor) {
        mentor = this.partition(mentorId);
        mentors.set(mentorId, mentor);
      }
      const match: ActiveMatch = {
        matchId,
        approvedAt: String(view.approvedAt),
        ...(mentee.cycleId ? { cycleId: mentee.cycleId } : {}),
        mentee: sideOf(mentee.id, own, matchId),
        mentor: sideOf(mentorId, await mentor, matchId),
      };
      return match;
    });
    return matches.filter((match): match is ActiveMatch => match !== undefined);
  }

  async queue(emails: readonly OutboxEmail[]): Promise<number> {
    const outcomes = await mapWithBoundedConcurrency(emails, 10, async (email) => {
      const { Put } = newEmailPut(email) as { Put: { Item: Item; ConditionExpression: string } };
      try {
        await this.table.put(Put);
        return true;
      } catch (error) {
        // Queued by an earlier (or overlapping) run: it goes once.
        if (isConditionFailure(error)) return false;
        throw error;
      }
    });
    return outcomes.filter(Boolean).length;
  }

  async read(checkIn: AcceptedCheckIn): Promise<CheckInRecord | undefined> {
    const Items = await partitionItems(this.table, checkIn.applicationId);
    const application = Items.find((item) => item.sk === 'APPLICATION');
    if (!application || application.status === 'erased') return undefined;
    const matchInPlace = Items.some(
      (item) => String(item.sk).startsWith(MATCH_SORT_PREFIX) && item.matchId === checkIn.matchId,
    );
    const answerKey = itemKeys.checkInAnswer(
      checkIn.applicationId,
      checkIn.matchId,
      checkIn.number,
    );
    const stored = Items.find((item) => item.sk === answerKey.sk);
    return { matchInPlace, ...(stored ? { answer: answerOf(stored) } : {}) };
  }

  async save(checkIn: AcceptedCheckIn, answer: CheckInAnswer): Promise<void> {
    await this.table.put({
      Item: {
        ...itemKeys.checkInAnswer(checkIn.applicationId, checkIn.matchId, checkIn.number),
        entity: 'checkIn',
        matchId: checkIn.matchId,
        number: checkIn.number,
        ...answer,
      },
    });
  }
}

/** A stored check-in answer as the domain reads it. */
export function answerOf(item: Item): CheckInAnswer {
  const { met, meetings, rating, contactStaff, note, answeredAt } = item;
  return {
    met: Boolean(met),
    meetings: Number(meetings),
    rating: Number(rating),
    contactStaff: Boolean(contactStaff),
    ...(typeof note === 'string' ? { note } : {}),
    answeredAt: String(answeredAt),
  };
}
