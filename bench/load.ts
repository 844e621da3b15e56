import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { startGatewayProcess } from '../infra/local/gateway-process.js';
import { startStandIns } from '../infra/local/stand-ins.js';
import { EMAIL_KINDS } from '../shared/applications/outbox.js';
import { itemKeys } from '../shared/applications/store/application-item.js';
import { batchGetAll } from '../shared/platform/table/batch-get.js';
import { emailLatency } from './email-latency.js';
import { newApplicantRequest } from './new-applicant-request.js';

// `npm run load`: a bounded number of concurrent applicants for a bounded time, against the
// local gateway on loopback; then every 201 must have its item and every item its emails,
// all sent within DRAIN_GOAL_SECONDS of the load's end. LOAD_APPLICANTS makes it a burst of
// that many applicants instead of a time.
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 20);
const DURATION_SECONDS = Number(process.env.LOAD_SECONDS ?? 10);
const APPLICANTS = Number(process.env.LOAD_APPLICANTS ?? 0);
const WARM_UP_APPLICATIONS = Number(process.env.LOAD_WARM_UP ?? 20);
const DRAIN_GOAL_SECONDS = Number(process.env.LOAD_DRAIN_GOAL_SECONDS ?? 10);
// How long to keep waiting past the goal, to report when the last email did go.
const DRAIN_WAIT_SECONDS = 60;

console.log('Starting DynamoDB Local, aws-ses-v2-local and the gateway…');
const standIns = await startStandIns({
  tableName: 'mentoring-intake-load',
  env: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
});
// The gateway also reads the table's stream and sends the emails, as the deployed mapping does.
const gateway = await startGatewayProcess({ ...standIns.functionEnv, EMAIL_STREAM: 'on' });

const accepted = new Set<string>();
let serverErrors = 0;
try {
  // A fresh DynamoDB Local is a fresh JVM: its first few hundred calls run interpreted while
  // the JIT compiles, several times slower (bench/stream-cost.ts measures it), and the
  // gateway imports each function on its first request, as a Lambda container does. One
  // applicant at a time warms both, so the load measures the stack rather than the JVM's
  // start; the warm-up's own figures are printed, not hidden. DynamoDB never has this phase.
  const warmUp = await emailLatency(gateway.url, standIns.sesUrl, WARM_UP_APPLICATIONS);
  console.log(
    `Warm-up: ${warmUp.count} applicants one at a time, 201 to email p50 ${warmUp.p50.toFixed(0)} ms, p95 ${warmUp.p95.toFixed(0)} ms`,
  );
  console.log(
    APPLICANTS > 0
      ? `Load: a burst of ${APPLICANTS} applicants, ${CONNECTIONS} at a time, on ${gateway.url}`
      : `Load: ${CONNECTIONS} concurrent applicants for ${DURATION_SECONDS} s on ${gateway.url}`,
  );
  const loadStarted = Date.now();
  const result = await autocannon({
    url: gateway.url,
    connections: CONNECTIONS,
    ...(APPLICANTS > 0 ? { amount: APPLICANTS } : { duration: DURATION_SECONDS }),
    requests: [
      newApplicantRequest((status, body) => {
        if (status >= 500) serverErrors++;
        if (status === 201) accepted.add((JSON.parse(body) as { id: string }).id);
      }),
    ],
  });

  const loadEnded = Date.now();
  const tableName = standIns.functionEnv.TABLE_NAME as string;
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: standIns.functionEnv.AWS_ENDPOINT_URL_DYNAMODB,
      region: standIns.functionEnv.AWS_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const ids = [...accepted];
  const found = new Map<string, string>();
  const items = await batchGetAll(
    client,
    tableName,
    ids.map((id) => itemKeys.application(id)),
    { projection: 'id, email' },
  );
  for (const item of items) found.set(String(item.id), String(item.email));
  // Every outbox email of the stored applications (the staff summary only when it is on).
  const emailKeys = [...found.keys()].flatMap((id) =>
    EMAIL_KINDS.map((kind) => itemKeys.email(id, kind)),
  );
  let outboxEmails = 0;
  const unsentEmails = async () => {
    const emails = await batchGetAll(client, tableName, emailKeys, { consistentRead: true });
    outboxEmails = emails.length;
    return emails.filter((email) => email.state !== 'sent');
  };
  // Emails follow from the stream after the answers. Watching must not load what it
  // measures: DynamoDB Local is the stack's bottleneck, so the outbox is read once for its
  // size, then only the SES stand-in is watched (new emails only) until it holds that many
  // and a confirmation for every applicant; then the outbox must say every email was sent.
  await unsentEmails();
  const expected = outboxEmails;
  const delivered = new Map<string, string[]>();
  let since = Math.floor(loadStarted / 1000);
  const watchInbox = async () => {
    const store = (await (await fetch(`${standIns.sesUrl}/store?since=${since}`)).json()) as {
      emails: Array<{ messageId: string; at: number; destination: { to: string[] } }>;
    };
    for (const email of store.emails) {
      delivered.set(email.messageId, email.destination.to);
      since = Math.max(since, email.at);
    }
  };
  const missingEmails = async () => {
    await watchInbox();
    const recipients = new Set([...delivered.values()].flat());
    const notDelivered = [...found.values()].filter((email) => !recipients.has(email)).length;
    if (notDelivered > 0) return notDelivered;
    if (delivered.size < expected) return expected - delivered.size;
    return (await unsentEmails()).length;
  };
  let withoutEmail = await missingEmails();
  while (withoutEmail > 0 && Date.now() - loadEnded < DRAIN_WAIT_SECONDS * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    withoutEmail = await missingEmails();
  }
  const drainSeconds = (Date.now() - loadEnded) / 1000;
  const withoutItem = ids.filter((id) => !found.has(id)).length;
  const lateDrain = withoutEmail === 0 && drainSeconds > DRAIN_GOAL_SECONDS ? 1 : 0;

  const figures = [
    ['requests', result.requests.total],
    ['requests per second (mean)', result.requests.average],
    [
      'latency p50 / p97.5 / p99 (ms)',
      `${result.latency.p50} / ${result.latency.p97_5} / ${result.latency.p99}`,
    ],
    ['201 responses', accepted.size],
    ['non-2xx responses', result.non2xx],
    ['5xx responses', serverErrors],
    ['errors and timeouts', result.errors + result.timeouts],
    ['201 without a stored item', withoutItem],
    ['outbox emails', outboxEmails],
    [`email unsent after ${DRAIN_WAIT_SECONDS} s`, withoutEmail],
    [
      `seconds after the load until every email was sent (goal ${DRAIN_GOAL_SECONDS})`,
      withoutEmail === 0 ? drainSeconds.toFixed(1) : 'never',
    ],
  ] as const;
  console.log('\n| figure | value |\n| --- | --- |');
  for (const [name, value] of figures) console.log(`| ${name} | ${value} |`);
  const lost = serverErrors + withoutItem + withoutEmail + result.errors + result.timeouts;
  if (withoutEmail > 0) await explainUnsent(await unsentEmails(), standIns.functionEnv.DATA_DIR);
  if (lost + lateDrain === 0) console.log('\nNothing lost, every email sent in time.');
  else if (lost === 0) console.log(`\nFAILED: the emails took over ${DRAIN_GOAL_SECONDS} s.`);
  else console.log(`\nFAILED: ${lost} problems.`);
  process.exitCode = lost + lateDrain === 0 ? 0 : 1;
} finally {
  await gateway.stop();
  await standIns.stop();
}

/** What became of the emails still unsent: their outbox state, the poller's give-ups, errors. */
async function explainUnsent(unsent: Array<Record<string, unknown>>, dataDir = '') {
  console.log('\nUnsent outbox emails:');
  for (const email of unsent.slice(0, 10)) {
    const { applicationId, kind, state, attempts, leaseUntil, lastError, slotTaken } = email;
    console.log(
      JSON.stringify({ applicationId, kind, state, attempts, leaseUntil, lastError, slotTaken }),
    );
  }
  const given = await readdir(join(dataDir, 'stream-on-failure')).catch(() => [] as string[]);
  console.log(`Stream batches the poller gave up on: ${given.length}`);
  const errors = gateway
    .output()
    .split('\n')
    .filter((line) => /error|Email stream/i.test(line));
  console.log(`Gateway error lines: ${errors.length}\n${errors.slice(0, 10).join('\n')}`);
}
