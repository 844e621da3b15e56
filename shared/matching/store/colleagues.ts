import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type Item,
  itemKeys,
  MATCH_SORT_PREFIX,
  matchingKeys,
  newEmailPut,
  toMatchView,
  toSubmission,
} from '../../applications/store/application-item.js';
import { listedApplicationPages } from '../../applications/store/listed-applications.js';
import type { Actor, Submission } from '../../applications/submission.js';
import { isTransactionCancelled } from '../../platform/table/dynamodb-values.js';
import { TableGateway, type TableWrite } from '../../platform/table/table-gateway.js';
import {
  type ColleagueOutcome,
  type ColleaguePlan,
  type ColleagueRefusal,
  type ColleagueRequest,
  type ColleagueSituation,
  type ColleagueStore,
  colleagueOutcome,
  type MatchRef,
  planColleague,
} from '../colleague.js';
import type { ColleagueEndingOutcome } from '../match-ending.js';
import { endColleagueMatch } from './match-ending.js';
import { readMatchingSettings } from './matching-repository.js';
import { mentorTakesMentee } from './pair-approval.js';

// Bringing in a colleague reads, then writes under conditions on what it read: this many
// tries before saying the match keeps changing.
const BRING_IN_ATTEMPTS = 3;

/** The mentee's application and match views, from one consistent Query of their partition. */
interface MenteeRead {
  mentee: Submission;
  primary?: MatchRef;
  colleague?: MatchRef;
}

/**
 * Colleagues in DynamoDB: the mentee's partition (their application and match views, one
 * Query), the cycle's mentors through byDate (for ranking) or the one asked for (GetItem,
 * for bringing them in), the settings, and one transaction for the colleague's match.
 */
export class DynamoDbColleagues implements ColleagueStore {
  private readonly table: TableGateway;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.table = new TableGateway(client, tableName);
  }

  private async menteeRead(menteeId: string): Promise<MenteeRead | undefined> {
    const { pk } = itemKeys.application(menteeId);
    const [{ Item: application }, { Items: items = [] }] = await Promise.all([
      this.table.get({ Key: itemKeys.application(menteeId), ConsistentRead: true }),
      // A mentee has two match views at most (their mentor and a colleague): one page.
      this.table.query({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :views)',
        ExpressionAttributeValues: { ':pk': pk, ':views': MATCH_SORT_PREFIX },
        ConsistentRead: true,
      }),
    ]);
    if (!application || application.status === 'erased' || application.type !== 'mentee') {
      return undefined;
    }
    const views = items.map(toMatchView);
    const ref = (view: (typeof views)[number] | undefined): MatchRef | undefined =>
      view?.matchId ? { mentorId: view.withId, matchId: view.matchId } : undefined;
    const primary = ref(views.find((view) => view.withRole === 'mentor' && !view.secondary));
    const colleague = ref(views.find((view) => view.secondary));
    return {
      mentee: toSubmission(application),
      ...(primary ? { primary } : {}),
      ...(colleague ? { colleague } : {}),
    };
  }

  /** Mentors and their counts of mentees, from their application items. */
  private static mentorsOf(items: readonly Item[]) {
    const matchCounts = new Map<string, number>();
    for (const item of items) {
      if (typeof item.matchCount === 'number') matchCounts.set(String(item.id), item.matchCount);
    }
    return { mentors: items.map((item) => toSubmission(item)), matchCounts };
  }

  async situation(menteeId: string): Promise<ColleagueSituation | undefined> {
    const read = await this.menteeRead(menteeId);
    if (!read) return undefined;
    const { cycleId } = read.mentee;
    const items: Item[] = [];
    const pages = listedApplicationPages(this.table, {
      filter: `#type = :mentor AND #status IN (:review, :waiting, :matched) AND ${
        cycleId ? 'cycleId = :cycle' : 'attribute_not_exists(cycleId)'
      }`,
      names: { '#type': 'type', '#status': 'status' },
      values: {
        ':mentor': 'mentor',
        ':review': 'under_review',
        ':waiting': 'waitlisted',
        ':matched': 'matched',
        ...(cycleId ? { ':cycle': cycleId } : {}),
      },
    });
    for await (const page of pages) items.push(...page);
    const settings = await readMatchingSettings(this.table);
    return { ...read, ...DynamoDbColleagues.mentorsOf(items), settings };
  }

  /** The mentee and the one mentor asked for, read consistently for a conditioned write. */
  private async situationWith(
    menteeId: string,
    mentorId: string,
  ): Promise<ColleagueSituation | undefined> {
    const [read, { Item: mentor }, settings] = await Promise.all([
      this.menteeRead(menteeId),
      this.table.get({ Key: itemKeys.application(mentorId), ConsistentRead: true }),
      readMatchingSettings(this.table),
    ]);
    if (!read) return undefined;
    const found = mentor && mentor.status !== 'erased' ? [mentor] : [];
    return { ...read, ...DynamoDbColleagues.mentorsOf(found), settings };
  }

  async bringIn(
    menteeId: string,
    request: ColleagueRequest,
    at: Date,
    actor: Actor,
    matchId: string,
  ): Promise<ColleagueOutcome | ColleagueRefusal | 'mentee_not_found' | 'changed_meanwhile'> {
    for (let attempt = 1; attempt <= BRING_IN_ATTEMPTS; attempt++) {
      const situation = await this.situationWith(menteeId, request.mentorId);
      if (!situation) return 'mentee_not_found';
      const decision = planColleague(situation, request, at, actor, matchId);
      if ('refusal' in decision) return decision.refusal;
      try {
        await this.table.transactWrite(colleagueWrites(decision.plan));
        return colleagueOutcome(decision.plan, request);
      } catch (error) {
        // Something changed since the read (another colleague, an ending, an edit, the
        // colleague's last place taken): read again, and the next decision says why.
        if (!isTransactionCancelled(error)) throw error;
      }
    }
    return 'changed_meanwhile';
  }

  endColleague(
    menteeId: string,
    mentorId: string,
    at: Date,
    actor: Actor,
  ): Promise<ColleagueEndingOutcome | 'no_colleague' | 'changed_meanwhile'> {
    return endColleagueMatch(this.table, menteeId, mentorId, at, actor);
  }
}

const history =
  'version = version + :one, updatedAt = :at, history = list_append(if_not_exists(history, :none), :entry)';

/**
 * A colleague's eight writes: the mentee's entry and the colleague's move (each on the
 * version read; the colleague's capacity compared in the write, as approval does), the
 * primary's two views naming the colleague (only while they name this primary match and no
 * colleague), the colleague match's two views and the two introductions.
 */
export function colleagueWrites(plan: ColleaguePlan): TableWrite[] {
  const { mentee, colleague, primary, matchId, views, introductions } = plan;
  const nameColleague = (Key: { pk: string; sk: string }): TableWrite => ({
    Update: {
      Key,
      UpdateExpression: 'SET colleague = :colleague',
      ConditionExpression: 'matchId = :primary AND attribute_not_exists(colleague)',
      ExpressionAttributeValues: {
        ':colleague': { mentorId: colleague.id, matchId },
        ':primary': primary.matchId,
      },
    },
  });
  return [
    {
      Update: {
        Key: itemKeys.application(mentee.id),
        UpdateExpression: `SET ${history}`,
        ConditionExpression: '#status = :matched AND version = :version',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':matched': 'matched',
          ':one': 1,
          ':at': mentee.entry.at,
          ':none': [],
          ':entry': [mentee.entry],
          ':version': mentee.expectedVersion,
        },
      },
    },
    // The colleague's place counts as approval's does: the same write.
    mentorTakesMentee(colleague),
    nameColleague(matchingKeys.matchView(mentee.id, primary.mentorId)),
    nameColleague(matchingKeys.matchView(primary.mentorId, mentee.id)),
    ...views.map(({ applicationId, view }) => ({
      Put: {
        Item: { ...matchingKeys.matchView(applicationId, view.withId), entity: 'match', ...view },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    })),
    ...introductions.map((email) => newEmailPut(email)),
  ];
}
