import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { ensureTable } from './ensure-table.js';
import { freePort } from './free-port.js';
import { localFunctionEnvironment } from './local-settings.js';
import { startSesLocal } from './ses-local.js';

/** Throwaway local stand-ins, for tests and benchmarks. */
export interface StandIns {
  /** The environment a gateway process needs: the functions' settings, endpoints, DATA_DIR. */
  functionEnv: Record<string, string>;
  sesUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local (in memory) and aws-ses-v2-local on free ports, creates the table,
 * and makes a temporary DATA_DIR for the local token issuer.
 */
export async function startStandIns(options: {
  tableName: string;
  env?: Record<string, string>;
}): Promise<StandIns> {
  const dynamoDb = await startDynamoDbLocal({ port: await freePort() });
  const ses = await startSesLocal({ port: await freePort() });
  const dataDir = await mkdtemp(join(tmpdir(), 'mentoring-intake-'));
  const functionEnv: Record<string, string> = {
    ...localFunctionEnvironment(
      { dynamoDb: dynamoDb.endpoint, ses: ses.endpoint },
      { TABLE_NAME: options.tableName, POWERTOOLS_LOG_LEVEL: 'INFO' },
    ),
    DATA_DIR: dataDir,
    ...options.env,
  };
  await ensureTable(
    new DynamoDBClient({
      endpoint: dynamoDb.endpoint,
      region: functionEnv.AWS_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    options.tableName,
  );
  return {
    functionEnv,
    sesUrl: ses.endpoint,
    stop: async () => {
      await ses.stop();
      await dynamoDb.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
