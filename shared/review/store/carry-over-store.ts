import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Cycle } from '../../applications/cycles.js';
import { itemKeys, LISTED } from '../../applications/store/application-item.js';
import type { AuditEntry } from '../../applications/submission.js';
import { isConditionFailure } from '../../platform/table/dynamodb-values.js';
import { TableGateway } from '../../platform/table/table-gateway.js';
import { CARRIED_STATUSES, type CarryOverStore } from '../carry-over.js';
import { BY_DATE_INDEX, byDate } from './submission-listing.js';

/** Carrying mentees over, in DynamoDB: found through byDate, each moved conditionally. */
export class DynamoDbCarryOver implements CarryOverStore {
  private readonly table: TableGateway;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.table = new TableGateway(client, tableName);
  }

  async waitingMentees(cycleId: string) {
    const found: Array<{ id: string; version: number }> = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.query({
        IndexName: BY_DATE_INDEX,
        KeyConditionExpression: '#list = :listed',
        FilterExpression: 'cycleId = :cycle AND #type = :mentee AND #status IN (:review, :waiting)',
        ExpressionAttributeNames: {
          '#list': byDate.partitionKey,
          '#type': 'type',
          '#status': 'status',
        },
        ExpressionAttributeValues: {
          ':listed': LISTED,
          ':cycle': cycleId,
          ':mentee': 'mentee',
          ':review': CARRIED_STATUSES[0],
          ':waiting': CARRIED_STATUSES[1],
        },
        ExclusiveStartKey: startKey,
      });
      for (const item of page.Items ?? []) {
        found.push({ id: String(item.id), version: Number(item.version) });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
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
