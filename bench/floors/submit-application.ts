import { DynamoDBClient, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';

// The floor of the intake: the SDK clients it needs, one save (a transaction of the same
// four items) and one send, and nothing else.
const dynamoDb = new DynamoDBClient({});
const ses = new SESClient({});

export const handler = async () => {
  const id = `${Date.now()}${Math.random()}`;
  const item = (pk: string) => ({
    Put: { TableName: process.env.TABLE_NAME, Item: { pk: { S: pk }, sk: { S: 'FLOOR' } } },
  });
  await dynamoDb.send(
    new TransactWriteItemsCommand({
      TransactItems: [
        item(`FLOOR#A#${id}`),
        item(`FLOOR#R#${id}`),
        item(`FLOOR#P#${id}`),
        item(`FLOOR#G#${id}`),
      ],
    }),
  );
  await ses.send(
    new SendEmailCommand({
      Source: 'floor@ladocs.example',
      Destination: { ToAddresses: ['floor@example.org'] },
      Message: { Subject: { Data: 'floor' }, Body: { Text: { Data: 'floor' } } },
    }),
  );
  return { statusCode: 201, body: '{}' };
};
