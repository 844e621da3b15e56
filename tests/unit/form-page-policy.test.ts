import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createFormPagesHandler } from '../../functions/form-pages/create-handler.js';
import { toHttpApiEvent } from '../../infra/local/http-api-event.js';

async function formPagePolicy(thankYouUrl: string): Promise<string> {
  const handler = createFormPagesHandler({
    now: () => new Date('2026-03-20T17:00:00Z'),
    thankYouUrl,
    framingOrigins: ['https://www.ladocs.org'],
    spamDefences: async () => ({}),
    calendar: { list: async () => [] },
  });
  const event = toHttpApiEvent(
    {
      method: 'GET',
      url: '/forms/mentor',
      headers: { accept: 'text/html' },
      body: Buffer.alloc(0),
      sourceIp: '127.0.0.1',
    },
    'GET /forms/{type}',
    { type: 'mentor' },
  );
  const response = (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
  expect(response.statusCode).toBe(200);
  return String(response.headers?.['Content-Security-Policy']);
}

const directive = (policy: string, name: string) =>
  policy
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name} `));

describe("the form page's Content-Security-Policy", () => {
  it('lets the form post only to this service when the thank-you page is here', async () => {
    expect(directive(await formPagePolicy('/thank-you'), 'form-action')).toBe("form-action 'self'");
  });

  it("also allows the website's thank-you origin, and only that, when the page is there", async () => {
    const policy = await formPagePolicy('https://www.ladocs.org/mentoring/thanks?x=1');

    // Chromium applies form-action to the 303 after the post, so the origin must be listed.
    expect(directive(policy, 'form-action')).toBe("form-action 'self' https://www.ladocs.org");
  });
});
