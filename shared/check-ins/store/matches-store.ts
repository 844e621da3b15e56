import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  CHECK_IN_SORT_PREFIX,
  FOLLOW_UP_SORT_PREFIX,
  type Item,
  isSecondaryView,
  itemKeys,
  MATCH_SORT_PREFIX,
} from '../../applications/store/application-item.js';
import { partitionItems } from '../../applications/store/application-partition.js';
import { listedApplicationPages } from '../../applications/store/listed-applications.js';
import { mapWithBoundedConcurrency } from '../../platform/bounded-concurrency.js';
import { TableGateway } from '../../platform/table/table-gateway.js';
import type { CheckInAnswer } from '../check-in-answer.js';
import type { FollowUp } from '../match-health.js';
import type { MatchColleague, MatchesStore, MatchPerson, StoredMatch } from '../matches-view.js';
import { answerOf } from './check-in-store.js';

/**
 * The Matches page's reads in DynamoDB: the cycle's matched mentees through byDate, then
 * each side's partition (one Query each: the application, the match views, the answers and,
 * on the mentee's, staff's follow-ups), and a colleague's partition for their name.
 */
export class DynamoDbMatches implements MatchesStore {
  private readonly table: TableGateway;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.table = new TableGateway(client, tableName);
  }

  private partition(applicationId: string): Promise<Item[]> {
    return partitionItems(this.table, applicationId);
  }

  async matchesIn(cycleId: string | undefined): Promise<StoredMatch[]> {
    const menteeIds: string[] = [];
    const pages = listedApplicationPages(this.table, {
      filter: `#type = :mentee AND #status = :matched${cycleId ? ' AND cycleId = :cycle' : ''}`,
      names: { '#type': 'type', '#status': 'status' },
      values: {
        ':mentee': 'mentee',
        ':matched': 'matched',
        ...(cycleId ? { ':cycle': cycleId } : {}),
      },
      projection: 'id',
    });
    for await (const page of pages) menteeIds.push(...page.map((item) => String(item.id)));
    const mentors = new Map<string, Promise<Item[]>>();
    const found = await mapWithBoundedConcurrency(menteeIds, 10, async (menteeId) => {
      const own = await this.partition(menteeId);
      const views = own.filter(
        (item) => String(item.sk).startsWith(MATCH_SORT_PREFIX) && item.matchId,
      );
      // The primary match is the one shown: a colleague's is shown beside it.
      const view = views.find((item) => !isSecondaryView(item));
      if (!view) return undefined;
      const mentorId = String(view.withId);
      const matchId = String(view.matchId);
      const partitionOf = (id: string) => {
        let found = mentors.get(id);
        if (!found) {
          found = this.partition(id);
          mentors.set(id, found);
        }
        return found;
      };
      const theirs = await partitionOf(mentorId);
      const secondary = views.find(isSecondaryView);
      const colleague: MatchColleague | undefined = secondary
        ? {
            matchId: String(secondary.matchId),
            since: String(secondary.approvedAt),
            need: String(secondary.need ?? ''),
            ...(secondary.specialty ? { specialty: String(secondary.specialty) } : {}),
            person: personOf(String(secondary.withId), await partitionOf(String(secondary.withId))),
          }
        : undefined;
      const match: StoredMatch = {
        matchId,
        approvedAt: String(view.approvedAt),
        menteePerson: personOf(menteeId, own),
        mentorPerson: personOf(mentorId, theirs),
        mentee: answersOf(own, matchId),
        mentor: answersOf(theirs, matchId),
        followUps: own
          .filter((item) => String(item.sk).startsWith(`${FOLLOW_UP_SORT_PREFIX}${matchId}#`))
          .map((item) => ({ at: String(item.at), by: String(item.by), note: String(item.note) })),
        ...(colleague ? { colleague } : {}),
      };
      return match;
    });
    return found.filter((match): match is StoredMatch => match !== undefined);
  }

  async addFollowUp(menteeId: string, matchId: string, followUp: FollowUp) {
    const own = await this.partition(menteeId);
    // Follow-ups are on the primary match, whose check-ins they answer.
    const inPlace = own.some(
      (item) =>
        String(item.sk).startsWith(MATCH_SORT_PREFIX) &&
        item.matchId === matchId &&
        !isSecondaryView(item),
    );
    if (!inPlace) return 'not_matched' as const;
    await this.table.put({
      Item: {
        ...itemKeys.followUp(menteeId, matchId, followUp.at),
        entity: 'followUp',
        matchId,
        ...followUp,
      },
    });
    return 'added' as const;
  }
}

function personOf(id: string, partition: readonly Item[]): MatchPerson {
  const application = partition.find((item) => item.sk === 'APPLICATION');
  const answers = (application?.application ?? {}) as { firstName?: string; lastName?: string };
  return {
    id,
    reference: String(application?.reference ?? ''),
    name: `${answers.firstName ?? ''} ${answers.lastName ?? ''}`.trim(),
  };
}

function answersOf(partition: readonly Item[], matchId: string): Map<number, CheckInAnswer> {
  const prefix = `${CHECK_IN_SORT_PREFIX}${matchId}#`;
  return new Map(
    partition
      .filter((item) => String(item.sk).startsWith(prefix))
      .map((item) => [Number(item.number), answerOf(item)]),
  );
}
