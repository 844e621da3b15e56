import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';

// The floor of the retry job: both clients it uses, created once, and one query (with
// nothing due, that query is all a run does).
const dynamoDb = new DynamoDBClient({});
export const ses = new SESClient({});

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
