import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { staffNoticeEmail } from '../../applications/outbox.js';
import { itemKeys, newEmailPut } from '../../applications/store/application-item.js';
import type { Submission } from '../../applications/submission.js';
import { matchEnding } from '../../matching/index.js';
import { epochSeconds, isTransactionCancelled } from '../../platform/table/dynamodb-values.js';
import { TableGateway } from '../../platform/table/table-gateway.js';
import { DynamoDbStaffRepository } from '../../review/index.js';
import type { SelfServiceRepository, Withdrawal } from '../self-service-ports.js';

/** The applicant's own requests: staff storage's reads and erasure, and withdrawal. */
export class DynamoDbSelfServiceRepository
  extends DynamoDbStaffRepository
  implements SelfServiceRepository
{
  async withdraw(
    submission: Submission,
    withdrawal: Withdrawal,
  ): Promise<'withdrawn' | 'changed_meanwhile'> {
    const { audit, notice } = withdrawal;
    const ending = await matchEnding(
      this.table.client,
      this.table.tableName,
      submission,
      audit.at,
      audit.by,
    );
    try {
      await this.table.transactWrite([
        {
          Update: {
            Key: itemKeys.application(submission.id),
            // A withdrawn mentor has no mentees left to count.
            UpdateExpression:
              'SET #status = :withdrawn, expiresAt = :expiresAt, version = version + :one, updatedAt = :at, history = list_append(if_not_exists(history, :none), :entry) REMOVE matchCount',
            ConditionExpression: 'version = :version AND #status = :from',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':withdrawn': 'withdrawn',
              ':expiresAt': epochSeconds(withdrawal.expiresAt),
              ':one': 1,
              ':at': audit.at,
              ':none': [],
              ':entry': [audit],
              ':version': submission.version,
              ':from': submission.status,
            },
          },
        },
        ...ending.items,
        // One notice per withdrawal, even if two requests race past the read (a new
        // email's key must not exist: withdrawn is final, so it never does).
        newEmailPut(
          this.table.tableName,
          staffNoticeEmail(submission.id, { ...notice, endedMatches: ending.ended }),
        ),
      ]);
      return 'withdrawn';
    } catch (error) {
      if (isTransactionCancelled(error)) {
        return 'changed_meanwhile';
      }
      throw error;
    }
  }
}
