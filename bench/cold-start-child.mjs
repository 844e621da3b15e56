// One cold start: a fresh Node process imports a bundle and answers its first request,
// as a Lambda container does after idle. Prints what it measured as one JSON line.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const context = {
  functionName: 'bench',
  awsRequestId: `bench-${process.pid}`,
  getRemainingTimeInMillis: () => 10_000,
};

const started = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const imported = performance.now();
const response = await handler(event, context);
const answered = performance.now();

process.stdout.write(
  `${JSON.stringify({
    importMs: imported - started,
    initMs: answered - started,
    status: response?.statusCode ?? 200,
  })}\n`,
);
// SDK clients keep sockets open (Lambda freezes the process instead); end it here.
process.exit(0);
