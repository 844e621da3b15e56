import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  dynamoDbIamRequests,
  type RecordedCall,
  secretsIamRequests,
  sesIamRequests,
  signerOf,
} from './aws-calls.js';

const readAll = (stream: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });

const parseJson = (body: Buffer): Record<string, unknown> => {
  try {
    return JSON.parse(body.toString() || '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
};

/**
 * The one AWS endpoint the functions of the deployed-mode runtime are given: it reads
 * which role signed each call and what the call asks for (the action and the resources
 * IAM would authorize it against), records that, and passes the call unchanged to the
 * local stand-in for the service. Seeing calls on the wire, rather than in the code,
 * means the bundles run exactly as built.
 */
export async function startRecordingProxy(targets: Record<string, string>) {
  const calls: RecordedCall[] = [];
  // GetRecords names a shard iterator, not the stream: remember which stream each came from.
  const streamOfIterator = new Map<string, string>();
  const server = createServer(async (request, response) => {
    try {
      const body = await readAll(request);
      const signer = signerOf(request.headers.authorization);
      const target = signer && targets[signer.service];
      if (!signer || !target) {
        response.writeHead(403, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify({ __type: 'UnrecognizedClientException' }));
        return;
      }
      const amzTarget = String(request.headers['x-amz-target'] ?? '');
      const json = parseJson(body);
      const form = new URLSearchParams(amzTarget ? '' : body.toString());
      const operation = amzTarget.split('.').pop() || form.get('Action') || 'unknown';
      const iam =
        signer.service === 'dynamodb'
          ? dynamoDbIamRequests(operation, json, (iterator) => streamOfIterator.get(iterator))
          : signer.service === 'ses'
            ? sesIamRequests(operation, form)
            : signer.service === 'secretsmanager'
              ? secretsIamRequests(operation, json)
              : [{ action: `${signer.service}:${operation}`, resource: '*' }];
      calls.push({ caller: signer.accessKeyId, service: signer.service, operation, iam });

      const upstream = new URL(target);
      const forwarded = httpRequest({
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: upstream.host },
      });
      forwarded.on('response', async (reply) => {
        const replyBody = await readAll(reply);
        if (operation === 'GetShardIterator' || operation === 'GetRecords') {
          const stream =
            operation === 'GetShardIterator'
              ? String(json.StreamArn)
              : streamOfIterator.get(String(json.ShardIterator));
          const next = parseJson(replyBody);
          const iterator = next.ShardIterator ?? next.NextShardIterator;
          if (stream && typeof iterator === 'string') streamOfIterator.set(iterator, stream);
        }
        response.writeHead(reply.statusCode ?? 500, reply.headers);
        response.end(replyBody);
      });
      forwarded.on('error', () => {
        if (!response.headersSent) response.writeHead(502);
        response.end();
      });
      forwarded.end(body);
    } catch {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** Every call so far, in order. */
    calls,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
