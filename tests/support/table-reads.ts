import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { itemKeys } from '../../shared/applications/store/application-item.js';
import { documentClientOver } from '../../shared/platform/aws/clients.js';
import { dynamoDbClient } from './local-aws.js';

/**
 * What a test reads back from a table of its own, strongly consistent: one item, an
 * application, or an application's whole partition (its views, answers, emails…).
 */
export function tableReads(tableName: string) {
  const documents = () => documentClientOver(dynamoDbClient());
  const item = async (key: { pk: string; sk: string }) =>
    (
      await documents().send(
        new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
      )
    ).Item;
  return {
    item,
    application: (id: string) => item(itemKeys.application(id)),
    partition: async (id: string) =>
      (
        await documents().send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': itemKeys.application(id).pk },
            ConsistentRead: true,
          }),
        )
      ).Items ?? [],
  };
}
