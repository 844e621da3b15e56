import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';

// The floor of the functions that read the table: the client and one query.
const dynamoDb = new DynamoDBClient({});

export const handler = async () => {
  await dynamoDb.send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: 'FLOOR' } },
    }),
  );
  return { statusCode: 200, body: '{}' };
};
