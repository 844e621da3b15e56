import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backfillTally } from '../../shared/dashboard/store/tally-backfill.js';
import { backfillNameSearch } from '../../shared/review/store/name-search-backfill.js';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { ensureTable } from './ensure-table.js';
import { freePort } from './free-port.js';
import { localFunctionEnvironment } from './local-settings.js';
import { startSesLocal } from './ses-local.js';

/** Running local stand-ins for DynamoDB and SES, with the table made. */
export interface StandIns {
  /** The environment a gateway process needs: the functions' settings, endpoints, DATA_DIR. */
  functionEnv: Record<string, string>;
  sesUrl: string;
  /** What was done to the table: `created`, `found`, or `found; added index …`. */
  table: string;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local and aws-ses-v2-local and makes the table. By default they are
 * throwaway (free ports, DynamoDB in memory, a temporary DATA_DIR for the local token
 * issuer), for tests and benchmarks; `npm start` passes fixed ports and a DATA_DIR to keep.
 * If a step fails, what already started is stopped.
 */
export async function startStandIns(options: {
  tableName?: string;
  /** Settings a person gave (TABLE_NAME, SENDER_EMAIL, …); they win over the local defaults. */
  settings?: Record<string, string | undefined>;
  /** Added to the functions' environment as it is. */
  env?: Record<string, string>;
  ports?: { dynamoDb: number; ses: number };
  dataDir?: string;
}): Promise<StandIns> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    const dynamoDb = await startDynamoDbLocal({
      port: options.ports?.dynamoDb ?? (await freePort()),
      dataDir: options.dataDir,
    });
    stops.push(dynamoDb.stop);
    const ses = await startSesLocal({ port: options.ports?.ses ?? (await freePort()) });
    stops.push(ses.stop);
    let dataDir = options.dataDir;
    if (dataDir === undefined) {
      const temporary = await mkdtemp(join(tmpdir(), 'mentoring-intake-'));
      stops.push(() => rm(temporary, { recursive: true, force: true }));
      dataDir = temporary;
    }
    const functionEnv: Record<string, string> = {
      ...localFunctionEnvironment(
        { dynamoDb: dynamoDb.endpoint, ses: ses.endpoint },
        { TABLE_NAME: options.tableName, ...options.settings },
      ),
      DATA_DIR: dataDir,
      ...options.env,
    };
    const tableClient = new DynamoDBClient({
      endpoint: dynamoDb.endpoint,
      region: functionEnv.AWS_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const table = await ensureTable(tableClient, functionEnv.TABLE_NAME as string);
    // Applications saved before name search get their entries (nothing to do costs a read).
    let tableReport = table;
    if (table !== 'created') {
      const written = await backfillNameSearch(
        DynamoDBDocumentClient.from(tableClient),
        functionEnv.TABLE_NAME as string,
      );
      if (written > 0) tableReport += `; wrote ${written} name search entries`;
      // Applications saved before the dashboard get counted (a recount changes nothing twice).
      await backfillTally(
        DynamoDBDocumentClient.from(tableClient),
        functionEnv.TABLE_NAME as string,
      );
    }
    return { functionEnv, sesUrl: ses.endpoint, table: tableReport, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
