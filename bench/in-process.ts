import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { toHttpApiEvent } from '../infra/local/http-api-event.js';
import { aMentorApplication } from '../tests/support/builders.js';

/** A handler as the bench calls it in this process. */
export type BenchHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

const context = {
  functionName: 'bench',
  awsRequestId: 'bench',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

/** Imports a bundle's handler into this process. */
export async function importHandler(bundleFile: string): Promise<BenchHandler> {
  return ((await import(pathToFileURL(bundleFile).href)) as { handler: BenchHandler }).handler;
}

/** A new mentor application as API Gateway would hand it to the intake. */
export function applicationEvent(application: Record<string, unknown> = aMentorApplication()) {
  return toHttpApiEvent(
    {
      method: 'POST',
      url: '/applications/mentor',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(application)),
      sourceIp: '127.0.0.1',
    },
    'POST /applications/{type}',
    { type: 'mentor' },
  );
}

/** Calls a handler with a fresh application and checks it answered 201; returns the ms it took. */
export async function timedCall(handler: BenchHandler): Promise<number> {
  const event = applicationEvent();
  const started = performance.now();
  const response = (await handler(event, context)) as { statusCode?: number };
  const elapsed = performance.now() - started;
  if (response.statusCode !== 201) throw new Error(`expected 201, got ${response.statusCode}`);
  return elapsed;
}
