import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../../shared/platform/http/problems.js';
import { csvAttachment } from '../../shared/platform/http/responses.js';
import { expectedVersion, withEtag } from '../../shared/platform/http/versioned-resources.js';

const withIfMatch = (value?: string) =>
  ({
    headers: value === undefined ? {} : { 'if-match': value },
  }) as unknown as APIGatewayProxyEventV2;

function statusOf(action: () => unknown) {
  try {
    action();
  } catch (error) {
    if (error instanceof HttpProblem) return error.statusCode;
  }
  return undefined;
}

describe('conditional changes', () => {
  it('reads the version from a strong, bare or weak ETag', () => {
    expect(expectedVersion(withIfMatch('"3"'))).toBe(3);
    expect(expectedVersion(withIfMatch('3'))).toBe(3);
    expect(expectedVersion(withIfMatch(' W/"12" '))).toBe(12);
  });

  it('answers 428 without If-Match and 400 for something that is not a version', () => {
    expect(statusOf(() => expectedVersion(withIfMatch()))).toBe(428);
    for (const value of ['*', '"abc"', '"-1"', '"1.5"', '"1", "2"']) {
      expect(statusOf(() => expectedVersion(withIfMatch(value)))).toBe(400);
    }
  });

  it('tags a response with its version, keeping its headers', () => {
    expect(withEtag({ statusCode: 200, headers: { 'Content-Type': 'x' } }, 4).headers).toEqual({
      'Content-Type': 'x',
      ETag: '"4"',
    });
  });
});

describe('csvAttachment', () => {
  it('serves CSV as an uncacheable download with a safe file name', () => {
    expect(csvAttachment('a "b"\r\n.csv', 'x').headers).toEqual({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="a__b___.csv"',
      'Cache-Control': 'no-store',
    });
  });
});
