import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { corsHeaders } from '../cors-policy.js';
import type { RouteDefinition } from '../routes.js';
import { toHttpApiEvent } from './http-api-event.js';
import { compileRoutes } from './route-matcher.js';
import { RouteThrottle } from './route-throttle.js';

/** A Lambda handler for HTTP API events. */
export type HttpApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

// API Gateway's own payload limit for HTTP APIs.
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
const FUNCTION_TIMEOUT_MS = 10_000;

/** Imports `functions/<name>/handler.ts`, the very module Lambda runs. */
export async function importFunctionHandler<Handler = HttpApiHandler>(
  functionsDir: string,
  functionName: string,
): Promise<Handler> {
  const module = (await import(
    pathToFileURL(join(functionsDir, functionName, 'handler.ts')).href
  )) as {
    handler: Handler;
  };
  return module.handler;
}

/** A Lambda context for one invocation: its remaining time counts down from the 10 s timeout. */
export function lambdaContext(functionName: string): Context {
  const deadline = Date.now() + FUNCTION_TIMEOUT_MS;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Reads the body, or undefined when it is over API Gateway's limit. An oversized body is
 * still read to its end (and dropped) so the client, still sending, gets the 413 API
 * Gateway answers instead of a reset connection.
 */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_PAYLOAD_BYTES ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, statusCode: number, body: unknown) {
  response.writeHead(statusCode, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** Writes a Lambda result as API Gateway would (a bare value becomes a 200 JSON body). */
function writeResult(response: ServerResponse, result: APIGatewayProxyResultV2) {
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    sendJson(response, 200, result);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  // http-security-headers sets some headers to undefined; API Gateway drops them, writeHead throws.
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (value !== undefined && value !== null) headers[name] = String(value);
  }
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body ?? '';
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

/** A server mounted on the local gateway under `prefix`, outside the route table. */
export interface GatewayMount {
  prefix: string;
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;
}

/**
 * An HTTP server that does locally what API Gateway's HTTP API does: matches the route
 * table, turns each request into a payload 2.0 event and calls the function's handler.
 */
export function createLocalGateway(options: {
  routes: readonly RouteDefinition[];
  loadHandler: (functionName: string) => Promise<HttpApiHandler>;
  /** Origins whose pages may call the API (CORS), read per request. */
  allowedOrigins?: () => readonly string[];
  /** Verifies the Authorization header of staff routes; without it they all answer 401. */
  authorizeStaff?: (
    authorization: string | undefined,
  ) => Promise<Record<string, string> | undefined>;
  onError?: (error: unknown) => void;
  /**
   * Servers mounted beside the API under a path prefix, answered before the route table:
   * the local OpenID provider, standing in for Cognito's own domain.
   */
  mounts?: readonly GatewayMount[];
}): Server {
  const matcher = compileRoutes(options.routes);
  const throttle = new RouteThrottle();
  const handlers = new Map<string, Promise<HttpApiHandler>>();
  const handlerFor = (name: string) => {
    let loaded = handlers.get(name);
    if (!loaded) {
      loaded = options.loadHandler(name);
      handlers.set(name, loaded);
    }
    return loaded;
  };

  return createServer(async (request, response) => {
    try {
      const method = request.method ?? 'GET';
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const mount = options.mounts?.find(
        ({ prefix }) => path === prefix || path.startsWith(`${prefix}/`),
      );
      if (mount) {
        await mount.handle(request, response);
        return;
      }
      const origin = request.headers.origin;
      const allowed = options.allowedOrigins?.() ?? [];
      // As API Gateway does with CORS configured: it answers preflights itself, and adds
      // the allow-origin header to every response for an allowed origin, errors included.
      if (method === 'OPTIONS' && request.headers['access-control-request-method']) {
        response.writeHead(204, corsHeaders(origin, allowed, 'preflight'));
        response.end();
        return;
      }
      for (const [name, value] of Object.entries(corsHeaders(origin, allowed, 'response'))) {
        response.setHeader(name, value);
      }
      const matched = matcher.match(method, path);
      if (matched && 'malformed' in matched) {
        sendJson(response, 400, { message: 'Bad Request' });
        return;
      }
      if (!matched || !('route' in matched)) {
        sendJson(response, 404, { message: 'Not Found' });
        return;
      }
      const limit = matched.route.throttle;
      if (limit && !throttle.take(`${matched.route.method} ${matched.route.path}`, limit)) {
        // API Gateway's answer when a route's throttle is exceeded, before the function runs.
        sendJson(response, 429, { message: 'Too Many Requests' });
        return;
      }
      const body = await readBody(request);
      if (body === undefined) {
        sendJson(response, 413, { message: 'Request Entity Too Large' });
        return;
      }
      const { route, pathParameters } = matched;
      let claims: Record<string, string> | undefined;
      if (route.access !== 'public') {
        claims = await options.authorizeStaff?.(request.headers.authorization);
        if (!claims) {
          // API Gateway's JWT authorizer answers exactly this, before the function runs.
          response.writeHead(401, {
            'content-type': 'application/json',
            'www-authenticate': 'Bearer',
          });
          response.end(JSON.stringify({ message: 'Unauthorized' }));
          return;
        }
      }
      const event = toHttpApiEvent(
        {
          method,
          url: request.url ?? '/',
          headers: request.headers,
          body,
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        },
        `${route.method} ${route.path}`,
        pathParameters,
      );
      if (claims) {
        (event.requestContext as unknown as Record<string, unknown>).authorizer = {
          jwt: { claims, scopes: null },
        };
      }
      const handler = await handlerFor(route.functionName);
      writeResult(response, await handler(event, lambdaContext(route.functionName)));
    } catch (error) {
      // What API Gateway answers when the function itself fails.
      options.onError?.(error);
      if (!response.headersSent) sendJson(response, 500, { message: 'Internal Server Error' });
      else response.end();
    }
  });
}
