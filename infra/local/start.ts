import { join, resolve } from 'node:path';
import { startDeployedRuntime } from '../deployed/deployed-runtime.js';
import { readDeployedStack } from '../deployed/deployed-stack.js';
import { synthesizeBundled } from '../deployed/synthesize-bundled.js';
import { SCHEDULES } from '../routes.js';
import { importFunctionHandler } from './gateway.js';
import { parseLocalSettings } from './local-settings.js';
import { startLocalStreams } from './local-streams.js';
import { startSchedules } from './scheduler.js';
import { FUNCTIONS_DIR, serveGateway } from './serve-gateway.js';
import { startStandIns } from './stand-ins.js';

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
  const standIns = await startStandIns({
    settings: process.env,
    ports: { dynamoDb: settings.DYNAMODB_PORT, ses: settings.SES_PORT },
    dataDir: settings.DATA_DIR,
  });
  stops.push(standIns.stop);
  Object.assign(process.env, standIns.functionEnv);
  console.log(`Table ${process.env.TABLE_NAME} ${standIns.table}.`);

  if (process.argv.includes('--deployed')) {
    await startDeployed();
  } else {
    await startFromSource();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stopAll(1);
}

/** The handler modules from source, through tsx: quick to change and try. */
async function startFromSource() {
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
  const stopStream = startLocalStreams({
    load: (name) => importFunctionHandler(FUNCTIONS_DIR, name),
    dataDir: settings.DATA_DIR,
    onError: (name, error) =>
      console.error(`Stream (${name}):`, error instanceof Error ? error.name : error),
  });
  stops.push(stopStream);

  console.log(`
Mentoring intake API   ${gateway.url}   (try ${gateway.url}/health)
Email inbox (SES)      http://localhost:${settings.SES_PORT}
DynamoDB Local         http://localhost:${settings.DYNAMODB_PORT}
Emails                 sent from the table's stream; pending ones swept every ${settings.RETRY_INTERVAL_SECONDS} s

Staff console          ${gateway.url}/console   (sign in with any address; pick staff or admins)
Staff token            npm run -s token   (or: npm run -s token -- --group admins)

Press Ctrl-C to stop.`);
}

/**
 * `npm start -- --deployed`: what `cdk deploy` would ship. The stack is synthesized with
 * bundling into DATA_DIR/cdk.out and served from its own assets, environment, timeouts,
 * routes, authorizer, stream mapping, schedule and subscriptions (infra/deployed/).
 */
async function startDeployed() {
  console.log('Synthesizing the stack with bundling (about 30 s)…');
  const assemblyDir = join(resolve(settings.DATA_DIR), 'cdk.out');
  const { stackName } = synthesizeBundled(assemblyDir);
  const runtime = await startDeployedRuntime({
    stack: readDeployedStack(assemblyDir, stackName),
    stackName,
    standIns: {
      dynamoDbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB as string,
      sesEndpoint: process.env.AWS_ENDPOINT_URL_SES as string,
      tableName: process.env.TABLE_NAME as string,
    },
    dataDir: settings.DATA_DIR,
    port: settings.PORT,
    onLog: (functionName, line) => console.log(`[${functionName}] ${line}`),
    onError: (error) => console.error('Failed:', error instanceof Error ? error.message : error),
  });
  stops.push(runtime.stop);
  console.log(`
${stackName}, from ${assemblyDir}
Mentoring intake API   ${runtime.url}   (try ${runtime.url}/health)
Email inbox (SES)      http://localhost:${settings.SES_PORT}
DynamoDB Local         http://localhost:${settings.DYNAMODB_PORT}
Staff console          ${runtime.url}/console

Every function runs from its bundle with the template's environment, memory and timeout;
each AWS call goes through a recording proxy signed with the function's own role.

Press Ctrl-C to stop.`);
}
