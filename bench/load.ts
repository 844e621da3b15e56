import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { startGatewayProcess } from '../infra/local/gateway-process.js';
import { startStandIns } from '../infra/local/stand-ins.js';
import { itemKeys } from '../shared/applications/store/application-item.js';
import { emailLatency } from './email-latency.js';
import { newApplicantRequest } from './new-applicant-request.js';

// `npm run load`: a bounded number of concurrent applicants for a bounded time, against the
// local gateway on loopback; then every 201 must have its item and every item its email.
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 20);
const DURATION_SECONDS = Number(process.env.LOAD_SECONDS ?? 10);
const WARM_UP_APPLICATIONS = Number(process.env.LOAD_WARM_UP ?? 20);

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
    `Load: ${CONNECTIONS} concurrent applicants for ${DURATION_SECONDS} s on ${gateway.url}`,
  );
  const result = await autocannon({
    url: gateway.url,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
    requests: [
      newApplicantRequest((status, body) => {
        if (status >= 500) serverErrors++;
        if (status === 201) accepted.add((JSON.parse(body) as { id: string }).id);
      }),
    ],
  });

  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: standIns.functionEnv.AWS_ENDPOINT_URL_DYNAMODB,
      region: standIns.functionEnv.AWS_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const ids = [...accepted];
  const found = new Map<string, string>();
  for (let start = 0; start < ids.length; start += 100) {
    const { Responses } = await client.send(
      new BatchGetCommand({
        RequestItems: {
          [standIns.functionEnv.TABLE_NAME as string]: {
            Keys: ids.slice(start, start + 100).map((id) => itemKeys.application(id)),
            ProjectionExpression: 'id, email',
          },
        },
      }),
    );
    for (const item of Object.values(Responses ?? {}).flat())
      found.set(String(item.id), String(item.email));
  }
  // Emails follow from the stream after the answers: give the sender time to catch up.
  const missingEmails = async () => {
    const store = (await (await fetch(`${standIns.sesUrl}/store`)).json()) as {
      emails: Array<{ destination: { to: string[] } }>;
    };
    const recipients = new Set(store.emails.flatMap((email) => email.destination.to));
    return [...found.values()].filter((email) => !recipients.has(email)).length;
  };
  const drainStarted = Date.now();
  let withoutEmail = await missingEmails();
  while (withoutEmail > 0 && Date.now() - drainStarted < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    withoutEmail = await missingEmails();
  }
  const drainSeconds = (Date.now() - drainStarted) / 1000;
  const withoutItem = ids.filter((id) => !found.has(id)).length;

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
    ['stored item without its email', withoutEmail],
    ['seconds after the load until every email was sent', drainSeconds.toFixed(1)],
  ] as const;
  console.log('\n| figure | value |\n| --- | --- |');
  for (const [name, value] of figures) console.log(`| ${name} | ${value} |`);
  const lost = serverErrors + withoutItem + withoutEmail + result.errors + result.timeouts;
  console.log(lost === 0 ? '\nNothing lost.' : `\nFAILED: ${lost} problems.`);
  process.exitCode = lost === 0 ? 0 : 1;
} finally {
  await gateway.stop();
  await standIns.stop();
}
