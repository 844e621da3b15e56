import { gzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dispatchRoutes, type HandlersOf } from '../../infra/routes.js';
import { httpEndpoint, securityHeaders } from '../../shared/platform/http/http-endpoint.js';
import { notFound } from '../../shared/platform/http/problems.js';
import { htmlResponse } from '../../shared/platform/http/responses.js';
import {
  type ConsoleManifest,
  renderConsolePage,
} from '../../shared/review/console/console-page.js';
import type { ConsoleSettings } from '../../shared/review/console/console-settings.js';

/** A built file of the console, as read from its build. */
export interface ConsoleAsset {
  contentType: string;
  body: Buffer;
}

/** What the console's pages need: the build and the settings handed to the script. */
export interface ConsoleDependencies {
  manifest: ConsoleManifest;
  /** Every built file by name; names carry a content hash, so each may be cached for good. */
  assets: ReadonlyMap<string, ConsoleAsset>;
  settings: ConsoleSettings;
}

const originOf = (url: string) => new URL(url).origin;

function acceptsGzip(event: APIGatewayProxyEventV2): boolean {
  const accepted = event.headers?.['accept-encoding'] ?? '';
  return /(^|[\s,])gzip(\s*;\s*q=(?!0(\.0*)?\s*(,|$))[\d.]+)?\s*(,|$)/i.test(accepted);
}

/**
 * The staff console: one page (also the sign-in callback) and its content-hashed script
 * and style sheet, gzipped once per container for clients that accept it. The page may
 * run only its own script, call only this API and the sign-in service, and be framed by
 * nobody; Trusted Types forbid every DOM sink that could turn a string into markup.
 */
export function createConsoleHandler(deps: ConsoleDependencies) {
  const page = renderConsolePage(deps.manifest, deps.settings);
  const compressed = new Map<string, Buffer>();
  const gzipped = (name: string, asset: ConsoleAsset) => {
    let body = compressed.get(name);
    if (!body) {
      body = gzipSync(asset.body);
      compressed.set(name, body);
    }
    return body;
  };
  const signIn = [deps.settings.auth.authority, deps.settings.auth.logoutUrl].map(originOf);

  const showPage = async (): Promise<APIGatewayProxyStructuredResultV2> => ({
    ...htmlResponse(200, page),
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' },
  });
  const routes: HandlersOf<'console'> = {
    'GET /console': showPage,
    'GET /console/callback': showPage,
    'GET /console/assets/{file}': async ({ event }) => {
      const name = event.pathParameters?.file ?? '';
      const asset = deps.assets.get(name);
      if (!asset) throw notFound('file');
      const headers = {
        'Content-Type': asset.contentType,
        'Cache-Control': 'public, max-age=31536000, immutable',
        Vary: 'Accept-Encoding',
      };
      return acceptsGzip(event)
        ? {
            statusCode: 200,
            headers: { ...headers, 'Content-Encoding': 'gzip' },
            body: gzipped(name, asset).toString('base64'),
            isBase64Encoded: true,
          }
        : { statusCode: 200, headers, body: asset.body.toString('utf8') };
    },
  };

  return httpEndpoint(dispatchRoutes('console', routes), {
    securityHeaders: securityHeaders({
      csp: {
        'script-src': "'self'",
        'style-src': "'self'",
        'img-src': "'self'",
        'connect-src': ["'self'", ...new Set(signIn)].join(' '),
        'form-action': "'none'",
        'frame-ancestors': "'none'",
      },
    }),
  });
}
