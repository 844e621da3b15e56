import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** A JSON response. */
export function jsonResponse(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}

/** An HTML page response. */
export function htmlResponse(statusCode: number, html: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: html,
  };
}

/**
 * An HTML page that holds personal data behind a bearer link (the applicant's page): never
 * cached or indexed, and its address (the link) never sent to another site as a Referer.
 */
export function privateHtmlResponse(
  statusCode: number,
  html: string,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      ...PRIVATE_HEADERS,
      'X-Robots-Tag': 'noindex, nofollow',
      ...headers,
    },
    body: html,
  };
}

/** A redirect that keeps a bearer link as private as the page it leads to. */
export function privateSeeOther(location: string): APIGatewayProxyStructuredResultV2 {
  return { statusCode: 303, headers: { Location: location, ...PRIVATE_HEADERS }, body: '' };
}

const PRIVATE_HEADERS = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };

/** A 303 See Other: after a form post, the browser GETs `location`, so reload cannot resubmit. */
export function seeOther(location: string): APIGatewayProxyStructuredResultV2 {
  return { statusCode: 303, headers: { Location: location }, body: '' };
}

/** The headers of a file to download: personal data, so no cache may keep it. */
const attachmentHeaders = (contentType: string, filename: string) => ({
  'Content-Type': contentType,
  'Content-Disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
  'Cache-Control': 'no-store',
});

/** A CSV file to download; personal data, so no cache may keep it. */
export function csvAttachment(filename: string, csv: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 200,
    headers: attachmentHeaders('text/csv; charset=utf-8', filename),
    body: csv,
  };
}

/**
 * A PDF file to download: base64 in the body with `isBase64Encoded`, as API Gateway's payload
 * 2.0 needs for binary (it decodes it before the client sees it); personal, so never cached.
 * The filename must already be safe (ASCII letters, digits, dots and dashes are kept).
 */
export function pdfAttachment(
  filename: string,
  pdf: Uint8Array,
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 200,
    headers: attachmentHeaders('application/pdf', filename),
    body: Buffer.from(pdf).toString('base64'),
    isBase64Encoded: true,
  };
}
