import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AcceptedEvaluation } from '../../applications/evaluation-link.js';
import {
  EVALUATION_SORT_KEY,
  type Item,
  itemKeys,
} from '../../applications/store/application-item.js';
import { TableGateway } from '../../platform/table/table-gateway.js';
import type { EvaluationAnswers, EvaluationRecord } from '../answer-evaluation.js';
import type { Evaluation, Gain } from '../evaluation.js';

/**
 * Evaluations in DynamoDB: one item beside the person's application (sk EVALUATION), read
 * with the application in one Query of the partition the signed link names.
 */
export class DynamoDbEvaluations implements EvaluationAnswers {
  private readonly table: TableGateway;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.table = new TableGateway(client, tableName);
  }

  async read(link: AcceptedEvaluation): Promise<EvaluationRecord | undefined> {
    const { pk } = itemKeys.application(link.applicationId);
    // The partition is small (the application, its guards, emails and answers): one Query.
    const page = await this.table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    });
    const items = page.Items ?? [];
    const application = items.find((item) => item.sk === 'APPLICATION');
    if (application?.status !== 'completed' || application.cycleId !== link.cycleId)
      return undefined;
    const stored = items.find((item) => item.sk === EVALUATION_SORT_KEY);
    const answers = (application.application ?? {}) as { firstName?: string };
    return {
      role: application.type === 'mentor' ? 'mentor' : 'mentee',
      firstName: String(answers.firstName ?? ''),
      ...(stored ? { evaluation: evaluationOf(stored) } : {}),
    };
  }

  async save(link: AcceptedEvaluation, evaluation: Evaluation): Promise<void> {
    await this.table.put({
      Item: {
        ...itemKeys.evaluation(link.applicationId),
        entity: 'evaluation',
        cycleId: link.cycleId,
        ...evaluation,
      },
    });
  }
}

/** A stored evaluation as the domain reads it. */
export function evaluationOf(item: Item): Evaluation {
  const { role, takePartAgain, gained, note, recommendMentor, letterByEmail, answeredAt } = item;
  return {
    role: role === 'mentor' ? 'mentor' : 'mentee',
    takePartAgain: takePartAgain as Evaluation['takePartAgain'],
    gained: Array.isArray(gained) ? (gained as Gain[]) : [],
    ...(typeof note === 'string' ? { note } : {}),
    ...(typeof recommendMentor === 'boolean' ? { recommendMentor } : {}),
    ...(typeof letterByEmail === 'boolean' ? { letterByEmail } : {}),
    answeredAt: String(answeredAt),
  };
}
