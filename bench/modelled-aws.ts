import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Published same-region medians, in ms, that the model adds to each call. A MODEL, not AWS:
 * DynamoDB Local's own cost profile (a transaction is nearly as cheap as a put) is not
 * DynamoDB's, so these stand in for the service's time on top of the stand-in's.
 */
export const MODELLED_LATENCY = {
  /** PutItem p50 from Lambda in the table's region (Alex DeBrie, 400 calls); reads likewise. */
  singleItemMs: 7.55,
  /** TransactWriteItems p50 with 5 and with 25 items (same benchmark); between, interpolated. */
  transactFiveMs: 25.3,
  transactTwentyFiveMs: 32.1,
  /** Amazon SES's median API response time over 90 days of production sends (Knock). */
  sesSendMs: 127,
} as const;

/** Where each figure comes from, printed beside the model's results. */
export const MODELLED_LATENCY_SOURCES = [
  'DynamoDB: https://github.com/alexdebrie/dynamodb-performance-testing (PutItem p50 7.55 ms, TransactWriteItems p50 25.3 ms with 5 items and 32.1 ms with 25; https://www.alexdebrie.com/posts/dynamodb-transactions-performance/)',
  'SES: https://knock.app/email-api-benchmarks (Amazon SES median response time 127 ms)',
] as const;

/** The model's delay for one DynamoDB call, from its X-Amz-Target and JSON body. */
export function dynamoDbDelayMs(target: string, body: string): number {
  if (!target.endsWith('.TransactWriteItems')) return MODELLED_LATENCY.singleItemMs;
  const items = (JSON.parse(body) as { TransactItems?: unknown[] }).TransactItems?.length ?? 1;
  const { transactFiveMs: five, transactTwentyFiveMs: twentyFive } = MODELLED_LATENCY;
  return Math.max(five, five + ((twentyFive - five) * (items - 5)) / 20);
}

/** A running proxy: its endpoint, and how to stop it. */
export interface ModelledService {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * An HTTP proxy in front of a local stand-in that holds each request for the model's delay,
 * then forwards it and relays the answer: the stand-in's own time plus the published median.
 */
export async function startModelledService(
  target: string,
  delayMs: (request: { target: string; body: string }) => number,
): Promise<ModelledService> {
  const upstream = new URL(target);
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const wait = delayMs({
        target: String(incoming.headers['x-amz-target'] ?? ''),
        body: body.toString('utf8'),
      });
      setTimeout(() => {
        const forwarded = request(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: incoming.method,
            path: incoming.url,
            headers: incoming.headers,
          },
          (answer) => {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
          },
        );
        forwarded.on('error', () => outgoing.destroy());
        forwarded.end(body);
      }, wait);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The model in front of both stand-ins: the environment that points the SDK at it. */
export async function startModelledAws(endpoints: { dynamoDb: string; ses: string }) {
  const dynamoDb = await startModelledService(endpoints.dynamoDb, ({ target, body }) =>
    dynamoDbDelayMs(target, body),
  );
  const ses = await startModelledService(endpoints.ses, () => MODELLED_LATENCY.sesSendMs);
  return {
    env: { AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint, AWS_ENDPOINT_URL_SES: ses.endpoint },
    stop: () => Promise.all([dynamoDb.stop(), ses.stop()]).then(() => undefined),
  };
}
