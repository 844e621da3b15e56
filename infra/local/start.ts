import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SCHEDULES } from '../routes.js';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { ensureTable } from './ensure-table.js';
import { importFunctionHandler } from './gateway.js';
import { localFunctionEnvironment, parseLocalSettings } from './local-settings.js';
import { startSchedules } from './scheduler.js';
import { FUNCTIONS_DIR, serveGateway } from './serve-gateway.js';
import { startSesLocal } from './ses-local.js';

// `npm start`: DynamoDB Local, aws-ses-v2-local and the local gateway, stopped together.
const settings = parseLocalSettings(process.env);
const stops: Array<() => Promise<void>> = [];
let stopping = false;

async function stopAll(exitCode: number) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  process.exit(exitCode);
}
process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));

try {
  console.log(`Starting DynamoDB Local (data in ${settings.DATA_DIR}/)…`);
  const dynamoDb = await startDynamoDbLocal({
    port: settings.DYNAMODB_PORT,
    dataDir: settings.DATA_DIR,
  });
  stops.push(dynamoDb.stop);
  const ses = await startSesLocal({ port: settings.SES_PORT });
  stops.push(ses.stop);

  Object.assign(
    process.env,
    localFunctionEnvironment({ dynamoDb: dynamoDb.endpoint, ses: ses.endpoint }, process.env),
  );
  const tableName = process.env.TABLE_NAME as string;
  const outcome = await ensureTable(new DynamoDBClient({}), tableName);
  console.log(`Table ${tableName} ${outcome}.`);

  const gateway = await serveGateway(settings.PORT, settings.DATA_DIR);
  stops.push(gateway.close);
  const stopSchedules = startSchedules({
    schedules: SCHEDULES,
    load: (name) => importFunctionHandler(FUNCTIONS_DIR, name),
    intervalMs: settings.RETRY_INTERVAL_SECONDS * 1000,
    onError: (name, error) =>
      console.error(`${name} failed:`, error instanceof Error ? error.name : error),
  });
  stops.push(async () => stopSchedules());

  console.log(`
Mentoring intake API   ${gateway.url}   (try ${gateway.url}/health)
Email inbox (SES)      http://localhost:${settings.SES_PORT}
DynamoDB Local         http://localhost:${settings.DYNAMODB_PORT}
Confirmation retries   every ${settings.RETRY_INTERVAL_SECONDS} s

Staff token            npm run -s token   (or: npm run -s token -- --group admins)

Press Ctrl-C to stop.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stopAll(1);
}
