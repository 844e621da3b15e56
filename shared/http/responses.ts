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

/** A 303 See Other: after a form post, the browser GETs `location`, so reload cannot resubmit. */
export function seeOther(location: string): APIGatewayProxyStructuredResultV2 {
  return { statusCode: 303, headers: { Location: location }, body: '' };
}

/** A CSV file to download; personal data, so no cache may keep it. */
export function csvAttachment(filename: string, csv: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
      'Cache-Control': 'no-store',
    },
    body: csv,
  };
}
