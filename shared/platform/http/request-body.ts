import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { payloadTooLarge, unsupportedMediaType } from './problems.js';

/** The body formats an endpoint reads. */
export type BodyFormat = 'json' | 'form';

const MEDIA_TYPE_OF: Record<BodyFormat, string> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
};

/** Which supported format a request's Content-Type names, if any (headers normalised). */
export function bodyFormatOf(headers: Record<string, string | undefined>): BodyFormat | undefined {
  const mediaType = (headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType === MEDIA_TYPE_OF.json) return 'json';
  if (mediaType === MEDIA_TYPE_OF.form) return 'form';
  return undefined;
}

/**
 * Decodes an urlencoded body; a repeated key becomes an array in order. Written here rather
 * than with http-urlencode-body-parser because that parser copies keys with Object.assign,
 * so a `__proto__` key silently replaces the body object's prototype.
 */
/** A decoded urlencoded body: each key once, repeated keys as arrays. */
export type FormFields = Record<string, string | string[]>;

export function decodeForm(text: string): FormFields {
  const fields = new Map<string, string | string[]>();
  for (const [key, value] of new URLSearchParams(text)) {
    const previous = fields.get(key);
    if (previous === undefined) fields.set(key, value);
    else if (Array.isArray(previous)) previous.push(value);
    else fields.set(key, [previous, value]);
  }
  // fromEntries defines own properties, so `__proto__` stays an ordinary (unknown) key.
  return Object.fromEntries(fields);
}

/**
 * Refuses bodies over `maxBytes` (413) and content types outside `formats` (415), then
 * decodes urlencoded forms. JSON is left to http-json-body-parser, which runs next.
 */
export function requestBody(options: {
  maxBytes: number;
  formats: readonly BodyFormat[];
  /** When true, a request without a body passes untouched (a GET beside a PATCH). */
  optional?: boolean;
}): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  const accepted = options.formats.map((format) => MEDIA_TYPE_OF[format]);
  return {
    before: async (request) => {
      const { event } = request;
      if (options.optional && !event.body) return;
      const body = event.body ?? '';
      const size = event.isBase64Encoded
        ? Buffer.byteLength(body, 'base64')
        : Buffer.byteLength(body, 'utf8');
      if (size > options.maxBytes) throw payloadTooLarge(options.maxBytes);
      const format = bodyFormatOf(event.headers);
      if (format === undefined || !options.formats.includes(format)) {
        throw unsupportedMediaType(accepted);
      }
      // Media types are case-insensitive; the JSON parser after this matches them as written.
      // Decided once, here: the parser sees the canonical name.
      const parameters = (event.headers['content-type'] ?? '').split(';').slice(1);
      event.headers['content-type'] = [MEDIA_TYPE_OF[format], ...parameters].join(';');
      if (format === 'form') {
        const text = event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
        (event as { body: unknown }).body = decodeForm(text);
      }
    },
  };
}
