import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { itemKeys } from '../../shared/applications/store/application-item.js';
import { createDynamoDbClient } from '../../shared/platform/aws/clients.js';

const env = inject('functionEnv');

/**
 * A DynamoDB client made as the functions make theirs (same time limits), on the test's
 * DynamoDB Local or another endpoint, to fail.
 */
export function dynamoDbClient(options: { endpoint?: string; maxAttempts?: number } = {}) {
  return createDynamoDbClient({
    endpoint: options.endpoint ?? env.AWS_ENDPOINT_URL_DYNAMODB,
    region: env.AWS_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  });
}

/** A document client on the test's DynamoDB Local, for asserting on what is really stored. */
export const table = {
  name: env.TABLE_NAME as string,
  client: DynamoDBDocumentClient.from(dynamoDbClient()),
};

/** The stored application item, as DynamoDB Local holds it (in the tests' table, or another). */
export async function storedApplication(id: string, tableName = table.name) {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: tableName, Key: itemKeys.application(id), ConsistentRead: true }),
  );
  return Item;
}

/** Every application item stored for an address. */
export async function storedApplicationsFor(email: string) {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({
        TableName: table.name,
        FilterExpression: 'entity = :application AND email = :email',
        ExpressionAttributeValues: { ':application': 'application', ':email': email },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** An email as aws-ses-v2-local stores it. */
export interface StoredEmail {
  messageId: string;
  from: string;
  replyTo?: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  /** What a raw (MIME) email carried: each file's content in base64. */
  attachments?: Array<{ content: string; contentType: string; filename?: string; size: number }>;
  at: number;
}

/** Every email aws-ses-v2-local received for an address. */
export async function emailsTo(address: string, sesUrl = inject('sesUrl')): Promise<StoredEmail[]> {
  const response = await fetch(`${sesUrl}/store`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails.filter((email) => email.destination.to.includes(address));
}

/**
 * The emails an address has received once `count` have arrived (the stream-driven sender
 * works after the answer), then a moment more, so a duplicate would show too.
 */
export async function waitForEmails(address: string, count: number, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  let received = await emailsTo(address);
  while (received.length < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    received = await emailsTo(address);
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  return emailsTo(address);
}

export { eventually } from './eventually.js';

/** An application's outbox email item, as stored. */
export async function storedEmail(id: string, kind = 'confirmation', tableName = table.name) {
  const { Item } = await table.client.send(
    new GetCommand({
      TableName: tableName,
      Key: { pk: `APPLICATION#${id}`, sk: `EMAIL#${kind}` },
      ConsistentRead: true,
    }),
  );
  return Item;
}
