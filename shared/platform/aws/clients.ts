import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { boundedRequests, DYNAMODB_REQUEST_LIMITS } from './request-limits.js';

/** A DynamoDB client whose every call ends within DYNAMODB_REQUEST_LIMITS. */
export function createDynamoDbClient(overrides: DynamoDBClientConfig = {}): DynamoDBClient {
  return new DynamoDBClient({ ...boundedRequests(DYNAMODB_REQUEST_LIMITS), ...overrides });
}

/** The document client the adapters use, over any DynamoDB client. */
export function documentClientOver(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

let documentClient: DynamoDBDocumentClient | undefined;

/**
 * The container's one DynamoDB document client. The endpoint comes from the SDK's own
 * AWS_ENDPOINT_URL_DYNAMODB when set (locally), so nothing is hard-coded.
 */
export function dynamoDbDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= documentClientOver(createDynamoDbClient());
  return documentClient;
}
