import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let documentClient: DynamoDBDocumentClient | undefined;

/**
 * The container's one DynamoDB document client. The endpoint comes from the SDK's own
 * AWS_ENDPOINT_URL_DYNAMODB when set (locally), so nothing is hard-coded.
 */
export function dynamoDbDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}
