import { execFile } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS } from '../infra/bundle-options.js';
import { startGatewayProcess } from '../infra/local/gateway-process.js';
import { toHttpApiEvent } from '../infra/local/http-api-event.js';
import { apiGatewayClaims } from '../infra/local/local-issuer.js';
import { startStandIns } from '../infra/local/stand-ins.js';
import { aMentorApplication } from '../tests/support/builders.js';
import { newApplicantRequest } from './new-applicant-request.js';
import { repeatApplicantTiming } from './repeat-applicant.js';

// `npm run bench`: bundle size, cold init, warm overhead and memory, each beside its floor.
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'bench', '.out');
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 20);
const WARM_CONNECTIONS = 10;
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 5);
const MEMORY_REQUESTS = 1000;
const REPEAT_PAIRS = Number(process.env.BENCH_REPEAT_PAIRS ?? 40);

/** Each function, the floor it is measured against, and the request that wakes it. */
const FUNCTIONS = [
  {
    name: 'submit-application',
    floor: 'submit-application',
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

async function bundle(entry: string, name: string): Promise<{ file: string; bytes: number }> {
  const file = join(OUT, `${name}.mjs`);
  await build({
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
  if (fn.route !== 'scheduled') {
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
    if (fn.name === 'admin') {
      (built.requestContext as unknown as Record<string, unknown>).authorizer = {
        jwt: {
          claims: apiGatewayClaims({ sub: 'bench', 'cognito:groups': ['staff'] }),
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

async function coldStarts(bundleFile: string, eventFile: string, env: NodeJS.ProcessEnv) {
  const inits: number[] = [];
  for (let attempt = 0; attempt < COLD_RUNS; attempt++) {
    const child = await run(
      process.execPath,
      [join(ROOT, 'bench', 'cold-start-child.mjs'), bundleFile, eventFile],
      {
        env,
      },
    );
    const line = child.stdout.trim().split('\n').at(-1) ?? '';
    const result = JSON.parse(line) as { initMs: number; status: number };
    if (result.status >= 500)
      throw new Error(`${bundleFile} answered ${result.status}: ${child.stderr}`);
    inits.push(result.initMs);
  }
  return { median: percentile(inits, 50), p90: percentile(inits, 90) };
}

/** The floor, warm: the floor bundle's own handler (one transaction, one send), called in this process. */
async function floorWarm(env: Record<string, string>, floorBundle: string) {
  Object.assign(process.env, env);
  const { handler } = (await import(pathToFileURL(floorBundle).href)) as {
    handler: () => Promise<unknown>;
  };
  const latencies: number[] = [];
  const deadline = Date.now() + WARM_SECONDS * 1000;
  const worker = async () => {
    while (Date.now() < deadline) {
      const started = performance.now();
      await handler();
      latencies.push(performance.now() - started);
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: WARM_CONNECTIONS }, worker));
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rps: latencies.length / ((Date.now() - started) / 1000),
  };
}

async function ourWarm(url: string) {
  const result = await autocannon({
    url,
    connections: WARM_CONNECTIONS,
    duration: WARM_SECONDS,
    requests: [newApplicantRequest()],
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`warm run had ${result.non2xx} non-2xx and ${result.errors} errors`);
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average };
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

progress('Starting DynamoDB Local and aws-ses-v2-local…');
const standIns = await startStandIns({
  tableName: 'mentoring-intake-bench',
  env: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
});
const childEnv = { ...process.env, ...standIns.functionEnv };
const rows: string[][] = [];
try {
  const cold = new Map<
    string,
    { ours: Awaited<ReturnType<typeof coldStarts>>; floor: Awaited<ReturnType<typeof coldStarts>> }
  >();
  for (const fn of FUNCTIONS) {
    progress(`Cold init: ${fn.name} (${COLD_RUNS} fresh processes each, ours and floor)…`);
    const files = sizes.get(fn.name);
    if (!files) continue;
    const event = eventFor(fn);
    cold.set(fn.name, {
      ours: await coldStarts(files.ours.file, event, childEnv),
      floor: await coldStarts(files.floor.file, event, childEnv),
    });
  }

  progress(
    `Warm: POST /applications/mentor, ${WARM_CONNECTIONS} concurrent clients for ${WARM_SECONDS} s, then the floor…`,
  );
  const gateway = await startGatewayProcess(standIns.functionEnv);
  const ours = await ourWarm(gateway.url);
  await gateway.stop();
  const floor = await floorWarm(
    standIns.functionEnv,
    sizes.get('submit-application')?.floor.file ?? '',
  );

  progress(`Repeat applicant: ${REPEAT_PAIRS} alternating pairs, in this process…`);
  const repeat = await repeatApplicantTiming(
    sizes.get('submit-application')?.ours.file ?? '',
    REPEAT_PAIRS,
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
  const warmRows = [
    ['warm POST /applications/mentor', 'ours', 'floor', 'ratio'],
    ['latency median (ms)', ms(ours.p50), ms(floor.p50), (ours.p50 / floor.p50).toFixed(2)],
    ['latency p99 (ms)', ms(ours.p99), ms(floor.p99), (ours.p99 / floor.p99).toFixed(2)],
    [
      'requests per second',
      ours.rps.toFixed(1),
      floor.rps.toFixed(1),
      (floor.rps / ours.rps).toFixed(2),
    ],
  ];
  const table = (data: string[][]) =>
    [data[0], data[0]?.map(() => '---'), ...data.slice(1)]
      .map((row) => `| ${row?.join(' | ')} |`)
      .join('\n');
  const report = `# Benchmarks

Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${process.platform}/${process.arch}; DynamoDB Local,
aws-ses-v2-local and every process on this machine. Cold init: a fresh Node process imports the
minified bundle and answers its first request (${COLD_RUNS} processes each). Floors: a bundle with only
the SDK clients the function uses doing its one call (or nothing, for functions with no I/O).

${table(rows)}

${table(warmRows)}

Warm: ${WARM_CONNECTIONS} concurrent clients for ${WARM_SECONDS} s; ours through the local gateway over HTTP, the floor
the same DynamoDB transaction and SES send made directly with the SDK. Requests-per-second ratio is
floor / ours.

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

Memory: peak RSS of one submit-application process after ${MEMORY_REQUESTS} warm requests: ${(memory.maxRssKb / 1024).toFixed(0)} MB
(statuses ${JSON.stringify(memory.statuses)}).

Took ${((Date.now() - began) / 1000).toFixed(0)} s.
`;
  writeFileSync(join(ROOT, 'bench', 'results.md'), report);
  console.log(report);
} finally {
  await standIns.stop();
}
