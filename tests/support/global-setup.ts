import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { ensureTable } from '../../infra/local/ensure-table.js';
import { freePort } from '../../infra/local/free-port.js';
import { localFunctionEnvironment } from '../../infra/local/local-settings.js';
import { startSesLocal } from '../../infra/local/ses-local.js';
import { startGatewayProcess } from './gateway-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The gateway's environment: the functions' settings, endpoints of the real local servers, DATA_DIR. */
    functionEnv: Record<string, string>;
    gatewayUrl: string;
    sesUrl: string;
  }
}

/**
 * Starts real DynamoDB Local (in memory) and aws-ses-v2-local on free ports, creates the
 * table, and runs the local gateway in its own process, once for all integration tests.
 */
export default async function setup(project: TestProject) {
  const dynamoDb = await startDynamoDbLocal({ port: await freePort() });
  const ses = await startSesLocal({ port: await freePort() });
  // The local issuer's key lives here; the gateway trusts it and tests sign tokens with it.
  const dataDir = await mkdtemp(join(tmpdir(), 'mentoring-intake-test-'));
  const functionEnv: Record<string, string> = {
    ...localFunctionEnvironment(
      { dynamoDb: dynamoDb.endpoint, ses: ses.endpoint },
      { TABLE_NAME: 'mentoring-intake-test', POWERTOOLS_LOG_LEVEL: 'INFO' },
    ),
    DATA_DIR: dataDir,
    ALLOWED_ORIGINS: 'https://www.ladocs.org',
  };
  await ensureTable(
    new DynamoDBClient({
      endpoint: dynamoDb.endpoint,
      region: functionEnv.AWS_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    functionEnv.TABLE_NAME as string,
  );
  const gateway = await startGatewayProcess(functionEnv);

  project.provide('functionEnv', functionEnv);
  project.provide('gatewayUrl', gateway.url);
  project.provide('sesUrl', ses.endpoint);

  return async () => {
    await gateway.stop();
    await ses.stop();
    await dynamoDb.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
