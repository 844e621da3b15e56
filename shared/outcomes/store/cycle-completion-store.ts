import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Cycle } from '../../applications/cycles.js';
import { itemKeys, matchingKeys, newEmailPut } from '../../applications/store/application-item.js';
import { listedApplicationPages } from '../../applications/store/listed-applications.js';
import type { Actor } from '../../applications/submission.js';
import { isTransactionCancelled } from '../../platform/table/dynamodb-values.js';
import { TableGateway, type TableWrite } from '../../platform/table/table-gateway.js';
import {
  type CompletionCount,
  completeGroup,
  type GroupCompletion,
  groupByMentor,
  type MenteeInPlace,
  type MentorGroup,
} from '../cycle-completion.js';

// A group's write is conditioned on what was read; a staff change in between (a match
// ended, a colleague brought in) cancels it: read that mentor's again, this many times.
const GROUP_ATTEMPTS = 3;

const HISTORY =
  'version = version + :one, updatedAt = :at, history = list_append(if_not_exists(history, :none), :entries)';

/**
 * Completing a cycle in DynamoDB: the cycle's matched mentees through byDate, each one's
 * guard (which mentor) and each mentor's count by BatchGetItem, then one transaction per
 * mentor for all of their mentees.
 */
export class DynamoDbCycleCompletion {
  private readonly table: TableGateway;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.table = new TableGateway(client, tableName);
  }

  async complete(cycle: Pick<Cycle, 'id' | 'name'>, at: Date, by: Actor): Promise<CompletionCount> {
    const count: CompletionCount = { matches: 0, evaluations: 0, skipped: 0 };
    for (const group of await this.groups(cycle.id)) {
      const done = await this.completeWithRetries(group, cycle, at, by);
      if (!done) {
        count.skipped += 1;
        continue;
      }
      count.matches += done.mentees.length;
      count.evaluations += [done.mentor, ...done.mentees].filter((side) => side.evaluation).length;
    }
    return count;
  }

  private async menteesInPlace(cycleId: string, only?: string): Promise<MenteeInPlace[]> {
    const menteeIds: string[] = [];
    const pages = listedApplicationPages(this.table, {
      filter: '#type = :mentee AND #status = :matched AND cycleId = :cycle',
      names: { '#type': 'type', '#status': 'status' },
      values: { ':mentee': 'mentee', ':matched': 'matched', ':cycle': cycleId },
      projection: 'id',
    });
    for await (const page of pages) menteeIds.push(...page.map((item) => String(item.id)));
    if (menteeIds.length === 0) return [];
    const guards = await this.table.batchGet(
      menteeIds.map((id) => matchingKeys.menteeMatched(id)),
      { consistentRead: true },
    );
    const matches = guards
      .map((guard) => ({
        menteeId: String(guard.pk).slice('MATCHED#'.length),
        mentorId: String(guard.mentorId),
      }))
      .filter((match) => !only || match.mentorId === only);
    // The mentor's view of each match names the colleague brought in beside it, if any.
    const views = await this.table.batchGet(
      matches.map((match) => matchingKeys.matchView(match.mentorId, match.menteeId)),
      {
        consistentRead: true,
        projection: '#pk, withId, #colleague',
        names: { '#pk': 'pk', '#colleague': 'colleague' },
      },
    );
    const colleagues = new Map(
      views.flatMap((view) => {
        const colleague = view.colleague as { mentorId?: unknown } | undefined;
        return colleague?.mentorId ? [[String(view.withId), String(colleague.mentorId)]] : [];
      }),
    );
    return matches.map((match) => {
      const colleagueId = colleagues.get(match.menteeId);
      return colleagueId ? { ...match, colleagueId } : match;
    });
  }

  private async groups(cycleId: string, only?: string): Promise<MentorGroup[]> {
    const inPlace = await this.menteesInPlace(cycleId, only);
    if (inPlace.length === 0) return [];
    const mentorIds = [
      ...new Set(
        inPlace.flatMap((match) => [
          match.mentorId,
          ...(match.colleagueId ? [match.colleagueId] : []),
        ]),
      ),
    ];
    const mentors = await this.table.batchGet(
      mentorIds.map((id) => itemKeys.application(id)),
      { consistentRead: true },
    );
    const counts = new Map(mentors.map((item) => [String(item.id), Number(item.matchCount ?? 1)]));
    return groupByMentor(inPlace, counts);
  }

  private async completeWithRetries(
    group: MentorGroup,
    cycle: Pick<Cycle, 'id' | 'name'>,
    at: Date,
    by: Actor,
  ): Promise<GroupCompletion | undefined> {
    let current: MentorGroup | undefined = group;
    for (let attempt = 1; current && attempt <= GROUP_ATTEMPTS; attempt++) {
      const completion = completeGroup(current, cycle, at, by);
      try {
        await this.table.transactWrite(completionWrites(completion));
        return completion;
      } catch (error) {
        if (!isTransactionCancelled(error)) throw error;
        [current] = await this.groups(cycle.id, group.mentorId);
      }
    }
    return undefined;
  }
}

/**
 * The writes of one mentor's completion: per mentee five (two more with a colleague), then
 * the mentor's one or two, and each colleague's one or two.
 */
export function completionWrites(completion: GroupCompletion): TableWrite[] {
  const { mentor, mentees, colleagues, completedAt: at } = completion;
  const stamp = (applicationId: string, otherId: string): TableWrite => ({
    Update: {
      Key: matchingKeys.matchView(applicationId, otherId),
      UpdateExpression: 'SET completedAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': at },
    },
  });
  const writes: TableWrite[] = mentees.flatMap((mentee) => [
    {
      Delete: {
        Key: matchingKeys.menteeMatched(mentee.id),
        ConditionExpression: 'mentorId = :mentor',
        ExpressionAttributeValues: { ':mentor': mentor.id },
      },
    },
    {
      Update: {
        Key: itemKeys.application(mentee.id),
        UpdateExpression: `SET #status = :completed, ${HISTORY}`,
        ConditionExpression: '#status = :matched',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':completed': 'completed',
          ':matched': 'matched',
          ':one': 1,
          ':at': at,
          ':none': [],
          ':entries': mentee.entries,
        },
      },
    },
    stamp(mentee.id, mentor.id),
    stamp(mentor.id, mentee.id),
    ...colleagues
      .filter((colleague) => colleague.menteeIds.includes(mentee.id))
      .flatMap((colleague) => [stamp(mentee.id, colleague.id), stamp(colleague.id, mentee.id)]),
    ...(mentee.evaluation ? [newEmailPut(mentee.evaluation)] : []),
  ]);
  for (const side of [mentor, ...colleagues]) {
    writes.push({
      Update: {
        Key: itemKeys.application(side.id),
        UpdateExpression: `SET #status = :to, matchCount = :toCount, ${HISTORY}`,
        ConditionExpression: '#status = :matched AND matchCount = :fromCount',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':to': side.to,
          ':matched': 'matched',
          ':toCount': side.toCount,
          ':fromCount': side.fromCount,
          ':one': 1,
          ':at': at,
          ':none': [],
          ':entries': side.entries,
        },
      },
    });
    if (side.evaluation) writes.push(newEmailPut(side.evaluation));
  }
  if (writes.length > 100) throw new RangeError('A mentor with more than 19 mentees at once');
  return writes;
}
