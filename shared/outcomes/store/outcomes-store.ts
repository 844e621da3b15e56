import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { evaluationKind } from '../../applications/outbox.js';
import type { ReviewStatus } from '../../applications/review-workflow.js';
import {
  CHECK_IN_SORT_PREFIX,
  EMAIL_SORT_PREFIX,
  EVALUATION_SORT_KEY,
  type Item,
  MATCH_SORT_PREFIX,
} from '../../applications/store/application-item.js';
import { partitionItems } from '../../applications/store/application-partition.js';
import { listedApplicationPages } from '../../applications/store/listed-applications.js';
import type { AuditEntry } from '../../applications/submission.js';
import { mapWithBoundedConcurrency } from '../../platform/bounded-concurrency.js';
import { TableGateway } from '../../platform/table/table-gateway.js';
import type { OutcomesPerson } from '../outcomes-report.js';
import { evaluationOf } from './evaluation-store.js';

/** What the outcomes report reads: the people of a cycle, each with what they said. */
export interface OutcomesStore {
  peopleOf(cycleId: string): Promise<OutcomesPerson[]>;
}

// A check-in's first email (`checkIn:<matchId>:<number>`); its reminder is not a second ask.
const CHECK_IN_EMAIL = new RegExp(`^${EMAIL_SORT_PREFIX}checkIn:([\\w-]+):(\\d+)$`);

/**
 * The report's reads in DynamoDB: the cycle's applications through byDate (filtered by
 * cycle), then each one's partition (one Query: its match views, check-in emails and
 * answers, and evaluation). An admin asks for it a few times a year; the figures staff
 * watch daily are the dashboard's counters, kept on write.
 */
export class DynamoDbOutcomes implements OutcomesStore {
  private readonly table: TableGateway;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.table = new TableGateway(client, tableName);
  }

  async peopleOf(cycleId: string): Promise<OutcomesPerson[]> {
    const applications: Item[] = [];
    const pages = listedApplicationPages(this.table, {
      filter: 'cycleId = :cycle',
      values: { ':cycle': cycleId },
      projection: 'id',
    });
    for await (const page of pages) applications.push(...page);
    const people = await mapWithBoundedConcurrency(applications, 10, async ({ id }) =>
      personOf(String(id), await partitionItems(this.table, String(id))),
    );
    return people.filter((person): person is OutcomesPerson => person !== undefined);
  }
}

function personOf(id: string, items: readonly Item[]): OutcomesPerson | undefined {
  const application = items.find((item) => item.sk === 'APPLICATION');
  if (!application || application.status === 'erased') return undefined;
  const answers = (application.application ?? {}) as { firstName?: string; lastName?: string };
  const sortKey = (item: Item) => String(item.sk);
  const evaluation = items.find((item) => item.sk === EVALUATION_SORT_KEY);
  const cycleId = String(application.cycleId ?? '');
  return {
    id,
    reference: String(application.reference ?? ''),
    type: application.type === 'mentor' ? 'mentor' : 'mentee',
    status: application.status as ReviewStatus,
    name: `${answers.firstName ?? ''} ${answers.lastName ?? ''}`.trim(),
    history: (application.history ?? []) as AuditEntry[],
    checkInsSent: items.flatMap((item) => {
      const sent = CHECK_IN_EMAIL.exec(sortKey(item));
      return sent?.[1] && sent[2] && item.state === 'sent'
        ? [{ matchId: sent[1], number: Number(sent[2]) }]
        : [];
    }),
    checkIns: items
      .filter((item) => sortKey(item).startsWith(CHECK_IN_SORT_PREFIX))
      .map((item) => ({
        matchId: String(item.matchId),
        number: Number(item.number),
        rating: Number(item.rating),
        meetings: Number(item.meetings ?? 0),
      })),
    matchCount: items.filter((item) => sortKey(item).startsWith(MATCH_SORT_PREFIX)).length,
    evaluationAsked: items.some(
      (item) => sortKey(item) === `${EMAIL_SORT_PREFIX}${evaluationKind(cycleId)}`,
    ),
    ...(evaluation ? { evaluation: evaluationOf(evaluation) } : {}),
  };
}
