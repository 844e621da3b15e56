import { itemKeys, newEmailPut } from '../../applications/store/application-item.js';
import type { Submission } from '../../applications/submission.js';
import { matchEndingWrites, readMatchEnding } from '../../matching/index.js';
import { epochSeconds, isTransactionCancelled } from '../../platform/table/dynamodb-values.js';
import type { TableWrite } from '../../platform/table/table-gateway.js';
import { DynamoDbStaffRepository } from '../../review/index.js';
import type { SelfServiceRepository, Withdrawal } from '../self-service-ports.js';
import { planWithdrawal, type WithdrawalPlan } from '../withdrawal.js';

/** The applicant's own requests: staff storage's reads and erasure, and withdrawal. */
export class DynamoDbSelfServiceRepository
  extends DynamoDbStaffRepository
  implements SelfServiceRepository
{
  async withdraw(
    submission: Submission,
    withdrawal: Withdrawal,
  ): Promise<'withdrawn' | 'changed_meanwhile'> {
    const { audit } = withdrawal;
    const ending = await readMatchEnding(this.table, submission, audit.at, audit.by);
    const plan = planWithdrawal(submission, withdrawal, ending);
    try {
      await this.table.transactWrite([
        withdrawnUpdate(plan),
        ...matchEndingWrites(plan.ending.pairs),
        // One notice per withdrawal, even if two requests race past the read (a new
        // email's key must not exist: withdrawn is final, so it never does).
        newEmailPut(plan.notice),
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

/** The application's move to `withdrawn`, if it still stands as read. */
function withdrawnUpdate(plan: WithdrawalPlan): TableWrite {
  return {
    Update: {
      Key: itemKeys.application(plan.applicationId),
      // A withdrawn mentor has no mentees left to count.
      UpdateExpression:
        'SET #status = :withdrawn, expiresAt = :expiresAt, version = version + :one, updatedAt = :at, history = list_append(if_not_exists(history, :none), :entry) REMOVE matchCount',
      ConditionExpression: 'version = :version AND #status = :from',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':withdrawn': 'withdrawn',
        ':expiresAt': epochSeconds(plan.expiresAt),
        ':one': 1,
        ':at': plan.audit.at,
        ':none': [],
        ':entry': [plan.audit],
        ':version': plan.expectedVersion,
        ':from': plan.fromStatus,
      },
    },
  };
}
