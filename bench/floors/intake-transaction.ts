import { DynamoDBClient, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';

// The floor of the intake: only the DynamoDB client, making the transaction the intake makes
// (an application item of the same size, its reference, replay guard, applicant guard, two
// name search entries and two outbox emails, each conditional), and nothing else: no
// validation, no middleware.
const dynamoDb = new DynamoDBClient({});
const statement = 'Mentoring renewed my sense of purpose; I would like to pass that on.';

export const handler = async () => {
  const id = `${Date.now()}${Math.random()}`;
  const TableName = process.env.TABLE_NAME;
  const absent = 'attribute_not_exists(pk)';
  const put = (pk: string, sk: string, extra: Record<string, { S: string }> = {}) => ({
    Put: {
      TableName,
      Item: { pk: { S: pk }, sk: { S: sk }, ...extra },
      ConditionExpression: absent,
    },
  });
  await dynamoDb.send(
    new TransactWriteItemsCommand({
      TransactItems: [
        put(`FLOOR#${id}`, 'APPLICATION', {
          application: {
            S: JSON.stringify({ statement, institution: 'Harbor-UCLA Medical Center' }),
          },
          // Indexed like an application, in a partition of its own so staff never list it.
          listKey: { S: 'FLOOR' },
          createdKey: { S: `${new Date().toISOString()}#${id}` },
        }),
        put(`FLOOR_REFERENCE#${id}`, 'REFERENCE'),
        put(`FLOOR_REPLAY#${id}`, 'REPLAY'),
        {
          Update: {
            TableName,
            Key: { pk: { S: `FLOOR_APPLICANT#${id}` }, sk: { S: 'APPLICANT' } },
            UpdateExpression: 'ADD applicationIds :id',
            ExpressionAttributeValues: { ':id': { SS: [id] } },
          },
        },
        // In a partition of the name index of their own, so staff never find them.
        put(`FLOOR#${id}`, 'NAME#first-last', {
          nameListKey: { S: 'FLOOR' },
          nameKey: { S: `wendy coates#${id}` },
        }),
        put(`FLOOR#${id}`, 'NAME#last-first', {
          nameListKey: { S: 'FLOOR' },
          nameKey: { S: `coates wendy#${id}` },
        }),
        put(`FLOOR#${id}`, 'EMAIL#confirmation', { emailPending: { S: 'PENDING' } }),
        put(`FLOOR#${id}`, 'EMAIL#staffNotification', { emailPending: { S: 'PENDING' } }),
      ],
    }),
  );
  return { statusCode: 201, body: '{}' };
};
