import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Cycle } from '../../applications/cycles.js';
import { itemKeys } from '../../applications/store/application-item.js';
import { listedApplicationPages } from '../../applications/store/listed-applications.js';
import type { AuditEntry } from '../../applications/submission.js';
import { isConditionFailure } from '../../platform/table/dynamodb-values.js';
import { TableGateway } from '../../platform/table/table-gateway.js';
import { CARRIED_STATUSES, type CarryOverStore } from '../carry-over.js';

/** Carrying mentees over, in DynamoDB: found through byDate, each moved conditionally. */
export class DynamoDbCarryOver implements CarryOverStore {
  private readonly table: TableGateway;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.table = new TableGateway(client, tableName);
  }

  async waitingMentees(cycleId: string) {
    const found: Array<{ id: string; version: number }> = [];
    const pages = listedApplicationPages(this.table, {
      filter: 'cycleId = :cycle AND #type = :mentee AND #status IN (:review, :waiting)',
      names: { '#type': 'type', '#status': 'status' },
      values: {
        ':cycle': cycleId,
        ':mentee': 'mentee',
        ':review': CARRIED_STATUSES[0],
        ':waiting': CARRIED_STATUSES[1],
      },
      projection: 'id, version',
    });
    for await (const page of pages) {
      for (const item of page) found.push({ id: String(item.id), version: Number(item.version) });
    }
    return found;
  }

  async carry(mentee: { id: string; version: number }, from: Cycle, to: Cycle, entry: AuditEntry) {
    try {
      await this.table.update({
        Key: itemKeys.application(mentee.id),
        UpdateExpression:
          'SET cycleId = :to, priority = :priority, carriedOverFrom = :from, version = version + :one, updatedAt = :at, history = list_append(if_not_exists(history, :none), :entry)',
        ConditionExpression:
          'version = :version AND cycleId = :from AND #status IN (:review, :waiting)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':to': to.id,
          ':from': from.id,
          ':priority': true,
          ':one': 1,
          ':at': entry.at,
          ':none': [],
          ':entry': [entry],
          ':version': mentee.version,
          ':review': CARRIED_STATUSES[0],
          ':waiting': CARRIED_STATUSES[1],
        },
      });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
