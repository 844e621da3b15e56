import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';

// "A typical public form API": checks a suppression list, counts recent submissions from the
// address, puts the item and sends one email, one after another, in the request.
const dynamoDb = new DynamoDBClient({});
const ses = new SESClient({});

export const handler = async () => {
  const id = `${Date.now()}${Math.random()}`;
  const TableName = process.env.TABLE_NAME;
  const address = `typical-${id}@example.org`;
  await dynamoDb.send(
    new GetItemCommand({
      TableName,
      Key: { pk: { S: `TYPICAL_SUPPRESSED#${address}` }, sk: { S: 'S' } },
    }),
  );
  await dynamoDb.send(
    new QueryCommand({
      TableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: `TYPICAL_RECENT#${address}` } },
      Select: 'COUNT',
    }),
  );
  await dynamoDb.send(
    new PutItemCommand({
      TableName,
      Item: { pk: { S: `TYPICAL#${id}` }, sk: { S: 'SUBMISSION' }, email: { S: address } },
    }),
  );
  await ses.send(
    new SendEmailCommand({
      Source: 'floor@ladocs.example',
      Destination: { ToAddresses: [address] },
      Message: { Subject: { Data: 'Thanks' }, Body: { Text: { Data: 'We received it.' } } },
    }),
  );
  return { statusCode: 201, body: '{}' };
};
