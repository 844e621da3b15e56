import { execFile } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS } from '../infra/bundle-options.js';
import { ensureTable } from '../infra/local/ensure-table.js';
import { startGatewayProcess } from '../infra/local/gateway-process.js';
import { toHttpApiEvent } from '../infra/local/http-api-event.js';
import { apiGatewayClaims } from '../infra/local/local-issuer.js';
import { startStandIns } from '../infra/local/stand-ins.js';
import { signCheckInLink } from '../shared/applications/check-in-link.js';
import { signEvaluationLink } from '../shared/applications/evaluation-link.js';
import { signInvitationLink } from '../shared/applications/invitation-link.js';
import { signApplicantLink } from '../shared/self-service/applicant-link.js';
import { aMentorApplication } from '../tests/support/builders.js';
import { consoleBundleSizes, consoleLoadTimes } from './console-load.js';
import { emailLatency } from './email-latency.js';
import { importHandler } from './in-process.js';
import { matchingRuns } from './matching.js';
import { MODELLED_LATENCY, MODELLED_LATENCY_SOURCES, startModelledAws } from './modelled-aws.js';
import { repeatApplicantTiming } from './repeat-applicant.js';
import { compareWarm } from './warm.js';

// `npm run bench`: bundle size, cold init, warm overhead and memory, each beside its floor.
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'bench', '.out');
// Rounds of cold starts: each round starts every subject once (the intake and its floor twice).
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 10);
const WARM_ROUNDS = Number(process.env.BENCH_WARM_ROUNDS ?? 4);
const EMAIL_LATENCY_COUNT = Number(process.env.BENCH_EMAIL_LATENCY_COUNT ?? 30);
const MEMORY_REQUESTS = 1000;
const REPEAT_PAIRS = Number(process.env.BENCH_REPEAT_PAIRS ?? 40);
const CONSOLE_LOADS = Number(process.env.BENCH_CONSOLE_LOADS ?? 10);
const MATCHING_POOLS = Number(process.env.BENCH_MATCHING_POOLS ?? 3);
// The issue's pool: 2,000 mentees and 1,000 mentors, solved under 2 s and 512 MB.
const MATCHING_SIZE = { mentees: 2000, mentors: 1000 };
// The console's budget: JavaScript under 40 KB gzipped.
const CONSOLE_BUDGET_GZIP_BYTES = 40 * 1024;

// The applicant's page wakes on a link it checks and then reads (an application not there).
const BENCH_LINK_KEY = 'bench-applicant-link-key-of-at-least-32-characters';
const BENCH_LINK = signApplicantLink(
  BENCH_LINK_KEY,
  '01J00000000000000000000000',
  new Date(Date.now() + 86_400_000),
);
// The returning mentor's page wakes on an invitation it checks, then reads the application
// (not there) and the cycles.
const BENCH_INVITATION = signInvitationLink(BENCH_LINK_KEY, {
  applicationId: '01J00000000000000000000000',
  cycleId: 'bench-cycle',
  expiresAt: new Date(Date.now() + 86_400_000),
});
// The check-in and evaluation pages wake on their own links, then read the application's
// partition (not there).
const BENCH_CHECK_IN = signCheckInLink(BENCH_LINK_KEY, {
  applicationId: '01J00000000000000000000000',
  matchId: '01J00000000000000000000001',
  number: 1,
  expiresAt: new Date(Date.now() + 86_400_000),
});
const BENCH_EVALUATION = signEvaluationLink(BENCH_LINK_KEY, {
  applicationId: '01J00000000000000000000000',
  cycleId: 'bench-cycle',
  expiresAt: new Date(Date.now() + 86_400_000),
});
// The key of the address hashes: every function that keys a guard by an address needs one.
const BENCH_ADDRESS_HASH_KEY = 'bench-address-hash-key-of-at-least-32-characters';

/** Each function, the floor it is measured against, and the request that wakes it. */
const FUNCTIONS = [
  {
    name: 'submit-application',
    floor: 'intake-transaction',
    route: 'POST /applications/{type}',
    path: '/applications/mentor',
    params: { type: 'mentor' },
  },
  {
    name: 'admin',
    floor: 'query-table',
    route: 'GET /admin/submissions',
    path: '/admin/submissions',
    params: {},
  },
  {
    name: 'retry-confirmations',
    floor: 'query-with-email-client',
    route: 'scheduled',
    path: '',
    params: {},
  },
  {
    name: 'send-emails',
    floor: 'query-with-email-client',
    route: 'stream',
    path: '',
    params: {},
  },
  {
    name: 'ses-events',
    floor: 'query-table',
    route: 'sns',
    path: '',
    params: {},
  },
  {
    name: 'form-pages',
    floor: 'no-io',
    route: 'GET /forms/{type}',
    path: '/forms/mentor',
    params: { type: 'mentor' },
  },
  {
    name: 'form-schema',
    floor: 'no-io',
    route: 'GET /forms/{type}/schema',
    path: '/forms/mentor/schema',
    params: { type: 'mentor' },
  },
  {
    name: 'thank-you',
    floor: 'no-io',
    route: 'GET /thank-you',
    path: '/thank-you?reference=LM-2222-2222',
    params: {},
  },
  { name: 'health', floor: 'no-io', route: 'GET /health', path: '/health', params: {} },
  { name: 'console', floor: 'no-io', route: 'GET /console', path: '/console', params: {} },
  {
    name: 'matching',
    floor: 'query-table',
    route: 'GET /admin/matching/settings',
    path: '/admin/matching/settings',
    params: {},
  },
  {
    name: 'my-application',
    floor: 'query-table',
    route: 'GET /my-application',
    path: `/my-application?token=${BENCH_LINK}`,
    params: {},
  },
  // Woken by an admin opening a cycle's letters: it reads the cycles (one Query; the bench's
  // cycle is not there). Its bundle carries pdf-lib and fontkit, which only it needs.
  {
    name: 'letters',
    floor: 'query-table',
    route: 'GET /admin/cycles/{id}/letters',
    path: '/admin/cycles/bench-cycle/letters',
    params: { id: 'bench-cycle' },
  },
  {
    name: 'returning-mentor',
    floor: 'query-table',
    route: 'GET /returning-mentor',
    path: `/returning-mentor?token=${BENCH_INVITATION}`,
    params: {},
  },
  {
    name: 'check-in',
    floor: 'query-table',
    route: 'GET /check-in',
    path: `/check-in?token=${BENCH_CHECK_IN}`,
    params: {},
  },
  {
    name: 'evaluation',
    floor: 'query-table',
    route: 'GET /evaluation',
    path: `/evaluation?token=${BENCH_EVALUATION}`,
    params: {},
  },
  // The schedules: each reads what is due (nothing in the bench's table) and stops.
  {
    name: 'schedule-check-ins',
    floor: 'query-table',
    route: 'scheduled',
    path: '',
    params: {},
  },
  {
    name: 'complete-cycles',
    floor: 'query-table',
    route: 'scheduled',
    path: '',
    params: {},
  },
] as const;

const progress = (message: string) => process.stderr.write(`${message}\n`);
const kb = (bytes: number) => (bytes / 1024).toFixed(0);
const ms = (value: number) => value.toFixed(value < 10 ? 1 : 0);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

async function bundle(
  entry: string,
  name: string,
  options: { sourcemap?: boolean } = {},
): Promise<{ file: string; bytes: number }> {
  const file = join(OUT, `${name}.mjs`);
  await build({
    sourcemap: options.sourcemap ?? false,
    sourcesContent: false,
    entryPoints: [entry],
    bundle: true,
    outfile: file,
    format: BUNDLE_OPTIONS.format,
    platform: BUNDLE_OPTIONS.platform,
    target: BUNDLE_OPTIONS.target,
    minify: BUNDLE_OPTIONS.minify,
    mainFields: [...BUNDLE_OPTIONS.mainFields],
    banner: { js: BUNDLE_OPTIONS.banner },
    alias: BUNDLE_OPTIONS.alias,
    absWorkingDir: ROOT,
    logLevel: 'error',
  });
  return { file, bytes: statSync(file).size };
}

function eventFor(fn: (typeof FUNCTIONS)[number]): string {
  const file = join(OUT, `${fn.name}.event.json`);
  let event: unknown = { source: 'aws.events', 'detail-type': 'Scheduled Event' };
  if (fn.route === 'stream') {
    // A new outbox email whose application is not there: claimed by no one, skipped.
    event = {
      Records: [
        {
          eventID: '1',
          eventName: 'INSERT',
          dynamodb: {
            Keys: { pk: { S: 'APPLICATION#bench' }, sk: { S: 'EMAIL#confirmation' } },
            SequenceNumber: '100',
          },
        },
      ],
    };
  } else if (fn.route === 'sns') {
    const message = {
      eventType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bouncedRecipients: [{ emailAddress: 'gone@example.org' }],
      },
      mail: { messageId: 'bench-message' },
    };
    event = { Records: [{ Sns: { Message: JSON.stringify(message) } }] };
  } else if (fn.route !== 'scheduled') {
    const [method] = fn.route.split(' ');
    const post = method === 'POST';
    const built = toHttpApiEvent(
      {
        method: method ?? 'GET',
        url: fn.path,
        headers: post ? { 'content-type': 'application/json' } : {},
        body: Buffer.from(post ? JSON.stringify(aMentorApplication()) : ''),
        sourceIp: '127.0.0.1',
      },
      fn.route,
      fn.params,
    );
    if (fn.name === 'admin' || fn.name === 'matching' || fn.name === 'letters') {
      // Letters are for admins only.
      const group = fn.name === 'letters' ? 'admins' : 'staff';
      (built.requestContext as unknown as Record<string, unknown>).authorizer = {
        jwt: {
          claims: apiGatewayClaims({ sub: 'bench', 'cognito:groups': [group] }),
          scopes: null,
        },
      };
    }
    event = built;
  }
  writeFileSync(file, JSON.stringify(event));
  return file;
}

// Asynchronous on purpose: aws-ses-v2-local runs in this process and must keep answering.
const run = promisify(execFile);

interface ColdStart {
  importMs: number;
  initMs: number;
}

/** One fresh process that imports a bundle and answers its first request. */
async function coldStart(
  bundleFile: string,
  eventFile: string,
  env: NodeJS.ProcessEnv,
  nodeOptions: readonly string[] = [],
): Promise<ColdStart> {
  const child = await run(
    process.execPath,
    [...nodeOptions, join(ROOT, 'bench', 'cold-start-child.mjs'), bundleFile, eventFile],
    { env },
  );
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  const result = JSON.parse(line) as ColdStart & { status: number };
  if (result.status >= 500)
    throw new Error(`${bundleFile} answered ${result.status}: ${child.stderr}`);
  return result;
}

/** One subject of the cold starts: a bundle, the request that wakes it, and how it runs. */
interface ColdSubject {
  key: string;
  bundleFile: string;
  eventFile: string;
  env: NodeJS.ProcessEnv;
  nodeOptions?: readonly string[];
  /** Runs per round (the intake and its floor run twice: they are what the issue is about). */
  weight?: number;
}

/**
 * Cold starts of every subject in rounds, each round visiting every subject once (twice
 * for a weight of 2) in a rotating order: a machine that slows down for a while slows every
 * subject alike, so a figure and its floor measured in the same run stay comparable.
 */
async function coldStartsInRounds(subjects: readonly ColdSubject[], rounds: number) {
  const runs = new Map<string, ColdStart[]>(subjects.map((subject) => [subject.key, []]));
  const order = subjects.flatMap((subject) => Array(subject.weight ?? 1).fill(subject));
  for (let round = 0; round < rounds; round++) {
    progress(`  round ${round + 1} of ${rounds}: ${order.length} fresh processes`);
    for (let index = 0; index < order.length; index++) {
      const subject = order[(index + round) % order.length] as ColdSubject;
      runs
        .get(subject.key)
        ?.push(
          await coldStart(subject.bundleFile, subject.eventFile, subject.env, subject.nodeOptions),
        );
    }
  }
  return new Map(
    [...runs].map(([key, results]) => {
      const inits = results.map((result) => result.initMs);
      return [
        key,
        {
          median: percentile(inits, 50),
          p90: percentile(inits, 90),
          importMedian: percentile(
            results.map((result) => result.importMs),
            50,
          ),
          runs: results.length,
        },
      ];
    }),
  );
}

mkdirSync(OUT, { recursive: true });
const began = Date.now();
progress('Bundling each function and its floor…');
const sizes = new Map<
  string,
  { ours: { file: string; bytes: number }; floor: { file: string; bytes: number } }
>();
for (const fn of FUNCTIONS) {
  sizes.set(fn.name, {
    ours: await bundle(join(ROOT, 'functions', fn.name, 'handler.ts'), fn.name),
    floor: await bundle(join(ROOT, 'bench', 'floors', `${fn.floor}.ts`), `floor-${fn.floor}`),
  });
}

progress('Building the console, and its Preact + htm floor…');
const consoleSizes = await consoleBundleSizes(OUT);

progress('Starting DynamoDB Local and aws-ses-v2-local…');
const standIns = await startStandIns({
  tableName: 'mentoring-intake-bench',
  env: { POWERTOOLS_LOG_LEVEL: 'ERROR', ADDRESS_HASH_KEY: BENCH_ADDRESS_HASH_KEY },
});
// The console function reads its build and sign-in settings (any valid ones) at init.
const childEnv = {
  ...process.env,
  ...standIns.functionEnv,
  CONSOLE_ASSETS_DIR: join(OUT, 'console'),
  CONSOLE_OIDC_AUTHORITY: 'http://localhost:3000/oidc',
  CONSOLE_OIDC_CLIENT_ID: 'bench',
  CONSOLE_LOGOUT_URL: 'http://localhost:3000/oidc/logout',
  APPLICANT_LINK_SECRET: BENCH_LINK_KEY,
};
const rows: string[][] = [];
try {
  // Every cold start in one set of rounds: each function, each distinct floor once, the
  // intake's bundle with its source map (with and without --enable-source-maps), and the
  // modelled-AWS subjects (the intake and the typical form API behind the latency proxy).
  const intakeEvent = eventFor(FUNCTIONS[0]);
  const mapped = await bundle(
    join(ROOT, 'functions', 'submit-application', 'handler.ts'),
    'submit-application-mapped',
    { sourcemap: true },
  );
  const typicalFloor = await bundle(
    join(ROOT, 'bench', 'floors', 'typical-form-api.ts'),
    'floor-typical',
  );
  const modelled = await startModelledAws({
    dynamoDb: standIns.functionEnv.AWS_ENDPOINT_URL_DYNAMODB ?? '',
    ses: standIns.sesUrl,
  });
  const modelledEnv = { ...childEnv, ...modelled.env };
  const subjects: ColdSubject[] = [];
  for (const fn of FUNCTIONS) {
    const files = sizes.get(fn.name);
    if (!files) continue;
    const eventFile = eventFor(fn);
    const weight = fn.name === 'submit-application' ? 2 : 1;
    subjects.push({ key: fn.name, bundleFile: files.ours.file, eventFile, env: childEnv, weight });
    if (!subjects.some((subject) => subject.key === `floor:${fn.floor}`)) {
      const floorFile = files.floor.file;
      subjects.push({
        key: `floor:${fn.floor}`,
        bundleFile: floorFile,
        eventFile,
        env: childEnv,
        weight,
      });
    }
  }
  subjects.push(
    { key: 'mapped', bundleFile: mapped.file, eventFile: intakeEvent, env: childEnv },
    {
      key: 'mapped, --enable-source-maps',
      bundleFile: mapped.file,
      eventFile: intakeEvent,
      env: childEnv,
      nodeOptions: ['--enable-source-maps'],
    },
    {
      key: 'modelled: intake',
      bundleFile: sizes.get('submit-application')?.ours.file ?? '',
      eventFile: intakeEvent,
      env: modelledEnv,
    },
    {
      key: 'modelled: typical form API',
      bundleFile: typicalFloor.file,
      eventFile: intakeEvent,
      env: modelledEnv,
    },
    {
      key: 'modelled: bare transaction',
      bundleFile: sizes.get('submit-application')?.floor.file ?? '',
      eventFile: intakeEvent,
      env: modelledEnv,
    },
  );
  progress(
    `Cold init: every function, each floor, the intake with its source map, and the modelled-AWS subjects, ${COLD_RUNS} rounds…`,
  );
  const coldRuns = await coldStartsInRounds(subjects, COLD_RUNS);
  await modelled.stop();
  const figures = (key: string) => {
    const figure = coldRuns.get(key);
    if (!figure) throw new Error(`no cold starts for ${key}`);
    return figure;
  };
  const cold = new Map(
    FUNCTIONS.map((fn) => [
      fn.name,
      { ours: figures(fn.name), floor: figures(`floor:${fn.floor}`) },
    ]),
  );
  const withoutMaps = figures('mapped');
  const withMaps = figures('mapped, --enable-source-maps');
  const modelledIntake = figures('modelled: intake');
  const modelledTypical = figures('modelled: typical form API');
  const modelledBare = figures('modelled: bare transaction');

  progress(
    `Warm, in this process: the intake, its bare transaction and a typical form API, ${WARM_ROUNDS} alternating rounds…`,
  );
  Object.assign(process.env, standIns.functionEnv);
  const warm = await compareWarm(
    [
      {
        name: 'intake',
        handler: await importHandler(sizes.get('submit-application')?.ours.file ?? ''),
      },
      {
        name: 'bare transaction',
        handler: await importHandler(sizes.get('submit-application')?.floor.file ?? ''),
      },
      {
        name: 'typical form API',
        handler: await importHandler(typicalFloor.file),
      },
    ],
    { rounds: WARM_ROUNDS, sequentialPerRound: 50, inFlight: 25, perRoundInFlight: 300 },
  );

  progress('From 201 to the email in the SES stand-in, through the gateway and the stream…');
  // A table of its own, so the stream holds only these applications (not the warm runs').
  const latencyTable = 'mentoring-intake-bench-latency';
  await ensureTable(
    new DynamoDBClient({
      endpoint: standIns.functionEnv.AWS_ENDPOINT_URL_DYNAMODB,
      region: standIns.functionEnv.AWS_REGION,
    }),
    latencyTable,
  );
  const gateway = await startGatewayProcess({
    ...standIns.functionEnv,
    TABLE_NAME: latencyTable,
    EMAIL_STREAM: 'on',
  });
  const latency = await emailLatency(gateway.url, standIns.sesUrl, EMAIL_LATENCY_COUNT);
  progress(`The console in Chromium: ${CONSOLE_LOADS} loads, and the front page as its floor…`);
  const consoleLoad = await consoleLoadTimes(gateway.url, CONSOLE_LOADS);
  await gateway.stop();

  progress(`Repeat applicant: ${REPEAT_PAIRS} alternating pairs, in this process…`);
  const repeat = await repeatApplicantTiming(
    sizes.get('submit-application')?.ours.file ?? '',
    REPEAT_PAIRS,
  );

  progress(
    `Matching: ${MATCHING_POOLS} generated pools of ${MATCHING_SIZE.mentees} mentees and ${MATCHING_SIZE.mentors} mentors, each in a fresh process…`,
  );
  const solverBundle = await bundle(join(ROOT, 'bench', 'matching-entry.ts'), 'matching-solver');
  const matching = await matchingRuns(
    solverBundle.file,
    MATCHING_SIZE,
    Array.from({ length: MATCHING_POOLS }, (_, index) => index + 1),
  );

  progress(`Memory: ${MEMORY_REQUESTS} warm requests in one process…`);
  const submit = sizes.get('submit-application');
  const memoryRun = await run(
    process.execPath,
    [
      join(ROOT, 'bench', 'memory-child.mjs'),
      submit?.ours.file ?? '',
      join(OUT, 'submit-application.event.json'),
      String(MEMORY_REQUESTS),
    ],
    { env: childEnv, maxBuffer: 16 * 1024 * 1024 },
  );
  const memory = JSON.parse(memoryRun.stdout.trim().split('\n').at(-1) ?? '{}') as {
    maxRssKb: number;
    statuses: Record<string, number>;
  };

  rows.push([
    'function',
    'bundle KB (floor)',
    'cold init median ms (floor)',
    'cold init p90 ms (floor)',
    'cold ratio',
  ]);
  for (const fn of FUNCTIONS) {
    const size = sizes.get(fn.name);
    const times = cold.get(fn.name);
    if (!size || !times) continue;
    rows.push([
      fn.name,
      `${kb(size.ours.bytes)} (${kb(size.floor.bytes)})`,
      `${ms(times.ours.median)} (${ms(times.floor.median)})`,
      `${ms(times.ours.p90)} (${ms(times.floor.p90)})`,
      (times.ours.median / times.floor.median).toFixed(2),
    ]);
  }
  const figure = (name: string) =>
    warm.get(name) ?? { median: NaN, p95: NaN, requestsPerSecond: NaN, turnedAway: 0 };
  const intake = figure('intake');
  const bare = figure('bare transaction');
  const typical = figure('typical form API');
  const warmRows = [
    [
      'warm, in-process',
      'intake',
      '(a) bare transaction',
      '(b) typical form API',
      'intake / (a)',
      '(b) / intake',
    ],
    [
      'sequential median (ms)',
      ms(intake.median),
      ms(bare.median),
      ms(typical.median),
      (intake.median / bare.median).toFixed(2),
      (typical.median / intake.median).toFixed(2),
    ],
    ['sequential p95 (ms)', ms(intake.p95), ms(bare.p95), ms(typical.p95), '', ''],
    [
      'requests/s, 25 in flight',
      intake.requestsPerSecond.toFixed(0),
      bare.requestsPerSecond.toFixed(0),
      typical.requestsPerSecond.toFixed(0),
      (intake.requestsPerSecond / bare.requestsPerSecond).toFixed(2),
      '',
    ],
    [
      'answered 503 at 25 in flight',
      String(intake.turnedAway),
      String(bare.turnedAway),
      String(typical.turnedAway),
      '',
      '',
    ],
  ];
  const importRows = [
    ['import only (median ms)', 'ours', 'floor', 'ratio'],
    ...FUNCTIONS.flatMap((fn) => {
      const times = cold.get(fn.name);
      if (!times) return [];
      return [
        [
          fn.name,
          ms(times.ours.importMedian),
          ms(times.floor.importMedian),
          (times.ours.importMedian / times.floor.importMedian).toFixed(2),
        ],
      ];
    }),
  ];
  const table = (data: string[][]) =>
    [data[0], data[0]?.map(() => '---'), ...data.slice(1)]
      .map((row) => `| ${row?.join(' | ')} |`)
      .join('\n');
  const report = `# Benchmarks

Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${process.platform}/${process.arch}; DynamoDB Local,
aws-ses-v2-local and every process on this machine. Cold init: a fresh Node process imports the
minified bundle and answers its first request; ${COLD_RUNS} rounds, each starting every bundle once (the intake
and its floor twice) in a rotating order, so each figure and its floor come from the same minutes. Floors: a
bundle with only the SDK clients the function uses doing its one call (or nothing, for functions with no I/O).

${table(rows)}

${table(importRows)}

${table([
  [
    'MODELLED AWS (a model, not AWS)',
    'cold start: import + first answer, median ms',
    'p90 ms',
    'ratio to (b)',
  ],
  [
    'intake',
    ms(modelledIntake.median),
    ms(modelledIntake.p90),
    (modelledIntake.median / modelledTypical.median).toFixed(2),
  ],
  [
    '(a) bare transaction',
    ms(modelledBare.median),
    ms(modelledBare.p90),
    (modelledBare.median / modelledTypical.median).toFixed(2),
  ],
  ['(b) typical form API', ms(modelledTypical.median), ms(modelledTypical.p90), '1.00'],
])}

The modelled row is a model: DynamoDB Local and the SES stand-in behind a local proxy that holds each
call for a published same-region median before forwarding it (a single-item DynamoDB call ${MODELLED_LATENCY.singleItemMs} ms,
TransactWriteItems ${MODELLED_LATENCY.transactFiveMs} ms at 5 items to ${MODELLED_LATENCY.transactTwentyFiveMs} ms at 25, interpolated between; an SES send ${MODELLED_LATENCY.sesSendMs} ms), on top
of the stand-ins' own time. DynamoDB Local's cost profile for transactions is not AWS's, and neither TLS
nor Lambda's CPU share is modelled. Figures from:
${MODELLED_LATENCY_SOURCES.map((source) => `- ${source}`).join('\n')}

Source maps: the intake bundle with its map imports in ${ms(withMaps.importMedian)} ms with \`--enable-source-maps\`
and ${ms(withoutMaps.importMedian)} ms without (first answer ${ms(withMaps.median)} against ${ms(withoutMaps.median)} ms).

${table(warmRows)}

Warm: every bundle imported into this process, ${WARM_ROUNDS} rounds in rotating order, each 50 sequential
requests per subject, then 300 requests with 25 in flight; (a) is the intake's own transaction made
with the bare SDK, (b) a GetItem, a Query, a PutItem and one SES send in sequence.

From \`201\` to the confirmation in the SES stand-in's store, through the local gateway and the stream
poller (${latency.count} applications one after another): p50 ${ms(latency.p50)} ms, p95 ${ms(latency.p95)} ms.

${table([
  ['warm, in-process, sequential', 'first application', 'repeat applicant', 'ratio'],
  [
    'latency median (ms)',
    ms(repeat.firstMedian),
    ms(repeat.repeatMedian),
    (repeat.repeatMedian / repeat.firstMedian).toFixed(2),
  ],
])}

Repeat applicant: ${repeat.pairs} pairs, each a first application and the second application of an
address that applied once, in alternating order, through the bundled handler in this process; the
repeat was the slower of its pair ${repeat.repeatSlower} times in ${repeat.pairs} (about half means timing tells nothing).

The staff console: its script is ${kb(consoleSizes.scriptBytes)} KB minified, ${(consoleSizes.scriptGzipBytes / 1024).toFixed(1)} KB gzipped as served
(budget ${kb(CONSOLE_BUDGET_GZIP_BYTES)} KB: ${consoleSizes.scriptGzipBytes < CONSOLE_BUDGET_GZIP_BYTES ? 'met' : 'NOT met'}), against ${(consoleSizes.floorGzipBytes / 1024).toFixed(1)} KB for Preact + htm rendering one line.
In Debian's Chromium, from navigating to \`/console\` to the first page of applications on screen, signed in
(the page, its script, the silent sign-in round trip, the token exchange, the first list call): median
${ms(consoleLoad.consoleMedian)} ms over ${consoleLoad.runs} loads, against ${ms(consoleLoad.floorMedian)} ms for the server-rendered front page (no script).

${table([
  [
    'matching pool (seed)',
    'optimal: solve ms',
    'peak RSS MB',
    'matched / capacity',
    'total score',
    'greedy: matched',
    'greedy: total score',
    'greedy loses',
  ],
  ...matching.map((result, index) => [
    String(index + 1),
    ms(result.solveMs),
    (result.maxRssKb / 1024).toFixed(0),
    `${result.matched} / ${result.capacity}`,
    String(result.totalScore),
    String(result.greedy.matched),
    String(result.greedy.totalScore),
    `${result.matched - result.greedy.matched} matches, ${(((result.totalScore - result.greedy.totalScore) / result.totalScore) * 100).toFixed(1)}% of score`,
  ]),
])}

Matching: each pool ${MATCHING_SIZE.mentees} mentees and ${MATCHING_SIZE.mentors} mentors (capacities 1 to 5, choices from the real lists), solved by
the bundled solver (the matching function's code, esbuild as deployed) in a fresh process; the budget is 2 s
and 512 MB. Greedy (best pairs first) is the baseline: what it loses is what the exact solver saves.

Memory: peak RSS of one submit-application process after ${MEMORY_REQUESTS} warm requests: ${(memory.maxRssKb / 1024).toFixed(0)} MB
(statuses ${JSON.stringify(memory.statuses)}).

Took ${((Date.now() - began) / 1000).toFixed(0)} s.
`;
  writeFileSync(join(ROOT, 'bench', 'results.md'), report);
  console.log(report);
} finally {
  await standIns.stop();
}
