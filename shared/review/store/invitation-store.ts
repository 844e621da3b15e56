import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { invitationEmail } from '../../applications/outbox.js';
import type { ReviewStatus } from '../../applications/review-workflow.js';
import { itemKeys, newEmailPut } from '../../applications/store/application-item.js';
import { listedApplicationPages } from '../../applications/store/listed-applications.js';
import { TableGateway } from '../../platform/table/table-gateway.js';
import type { InvitationStore, MentorApplicationSummary } from '../returning-mentors.js';

/** Invitations in DynamoDB: mentors found through byDate, each invitation an outbox item. */
export class DynamoDbInvitations implements InvitationStore {
  private readonly table: TableGateway;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.table = new TableGateway(client, tableName);
  }

  async mentorApplicationsIn(cycleId: string) {
    const found: MentorApplicationSummary[] = [];
    const pages = listedApplicationPages(this.table, {
      filter: 'cycleId = :cycle AND #type = :mentor',
      names: { '#type': 'type', '#status': 'status', '#email': 'email' },
      values: { ':cycle': cycleId, ':mentor': 'mentor' },
      projection: 'id, #email, #status, createdAt',
    });
    for await (const page of pages) {
      for (const item of page) {
        found.push({
          id: String(item.id),
          email: String(item.email),
          status: item.status as ReviewStatus,
          createdAt: String(item.createdAt),
        });
      }
    }
    return found;
  }

  async invite(applicationId: string, facts: Parameters<InvitationStore['invite']>[1]) {
    try {
      await this.table.transactWrite([
        {
          // Only beside a live application: one erased meanwhile gets no email.
          ConditionCheck: {
            Key: itemKeys.application(applicationId),
            ConditionExpression: 'attribute_exists(pk) AND #status <> :erased',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':erased': 'erased' },
          },
        },
        newEmailPut(invitationEmail(applicationId, facts)),
      ]);
      return 'invited' as const;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [application, email] = error.CancellationReasons ?? [];
      if (application?.Code === 'ConditionalCheckFailed') return 'gone' as const;
      if (email?.Code === 'ConditionalCheckFailed') return 'already_invited' as const;
      throw error;
    }
  }
}
