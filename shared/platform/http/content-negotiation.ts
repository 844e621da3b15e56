import httpContentNegotiation from '@middy/http-content-negotiation';
import type { Context } from 'aws-lambda';

const MEDIA_TYPES = ['application/json', 'text/html'];

/**
 * Picks JSON or HTML from the Accept header. JSON comes first, so `*\/*` and a missing
 * header get JSON; a browser navigating (text/html first) gets HTML.
 */
export function negotiateMediaType() {
  return httpContentNegotiation({
    parseCharsets: false,
    parseEncodings: false,
    parseLanguages: false,
    parseMediaTypes: true,
    availableMediaTypes: MEDIA_TYPES,
    failOnMismatch: false,
  });
}

/** True when the negotiated response type is an HTML page (a browser's form post). */
export function prefersHtml(context: Context): boolean {
  return (context as Context & { preferredMediaType?: string }).preferredMediaType === 'text/html';
}
