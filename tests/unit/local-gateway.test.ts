import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLocalGateway } from '../../infra/local/gateway.js';
import { toHttpApiEvent } from '../../infra/local/http-api-event.js';
import { compileRoutes } from '../../infra/local/route-matcher.js';
import { RouteThrottle } from '../../infra/local/route-throttle.js';
import { ROUTES } from '../../infra/routes.js';
import { thankYouLocation } from '../../shared/platform/http/thank-you-location.js';

describe('compileRoutes', () => {
  const matcher = compileRoutes([
    ...ROUTES,
    { method: 'GET', path: '/forms/mentor/schema', functionName: 'literal', access: 'public' },
  ]);

  it('matches a route and decodes its path parameters', () => {
    expect(matcher.match('POST', '/applications/mentee')).toEqual({
      route: ROUTES[0],
      pathParameters: { type: 'mentee' },
    });
    expect(matcher.match('GET', '/forms/a%20b/schema')).toMatchObject({
      pathParameters: { type: 'a b' },
    });
  });

  it('prefers a literal path to a parameter, as API Gateway does', () => {
    expect(matcher.match('GET', '/forms/mentor/schema')).toMatchObject({
      route: { functionName: 'literal' },
    });
  });

  it('tells a wrong method from an unknown path', () => {
    expect(matcher.match('GET', '/applications/mentor')).toEqual({ methodAllowed: false });
    expect(matcher.match('GET', '/applications/mentor/extra')).toBeUndefined();
  });
});

describe('toHttpApiEvent', () => {
  const request = {
    method: 'POST',
    url: '/applications/mentor?a=1&a=2&b=x%20y',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: 'c=1; d=2',
      'X-Multi': ['p', 'q'],
    },
    body: Buffer.from('firstName=Ana'),
    sourceIp: '127.0.0.1',
  };

  it('builds a payload 2.0 event as an HTTP API does', () => {
    const event = toHttpApiEvent(
      request,
      'POST /applications/{type}',
      { type: 'mentor' },
      new Date(0),
    );

    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /applications/{type}',
      rawPath: '/applications/mentor',
      rawQueryString: 'a=1&a=2&b=x%20y',
      cookies: ['c=1', 'd=2'],
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-multi': 'p,q' },
      queryStringParameters: { a: '1,2', b: 'x y' },
      pathParameters: { type: 'mentor' },
      requestContext: {
        http: { method: 'POST', path: '/applications/mentor' },
        stage: '$default',
        timeEpoch: 0,
      },
    });
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('base64-encodes a form body and passes JSON as text', () => {
    const form = toHttpApiEvent(request, 'r', {});
    const json = toHttpApiEvent(
      { ...request, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"a":1}') },
      'r',
      {},
    );

    expect(form).toMatchObject({
      isBase64Encoded: true,
      body: Buffer.from('firstName=Ana').toString('base64'),
    });
    expect(json).toMatchObject({ isBase64Encoded: false, body: '{"a":1}' });
  });

  it('gives every request its own id', () => {
    expect(toHttpApiEvent(request, 'r', {}).requestContext.requestId).not.toBe(
      toHttpApiEvent(request, 'r', {}).requestContext.requestId,
    );
  });
});

describe('thankYouLocation', () => {
  it('adds the reference to a relative or absolute thank-you URL', () => {
    expect(thankYouLocation('/thank-you', 'LM-2222-2222')).toBe(
      '/thank-you?reference=LM-2222-2222',
    );
    expect(
      thankYouLocation('https://www.ladocs.org/mentoring/thanks?lang=en', 'LM-2222-2222'),
    ).toBe('https://www.ladocs.org/mentoring/thanks?lang=en&reference=LM-2222-2222');
  });
});

describe('route throttles, as API Gateway applies them', () => {
  const limit = { rateLimit: 5, burstLimit: 3 };

  it('lets a burst through, refuses the next, and refills at the rate', () => {
    let now = 0;
    const throttle = new RouteThrottle(() => now);
    expect([1, 2, 3, 4].map(() => throttle.take('GET /a', limit))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    now += 199; // 0.995 of a token: not yet
    expect(throttle.take('GET /a', limit)).toBe(false);
    now += 2;
    expect(throttle.take('GET /a', limit)).toBe(true);
    // Each route has its own bucket, never holding more than the burst.
    now += 60_000;
    expect([1, 2, 3, 4].map(() => throttle.take('GET /b', limit))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect([1, 2, 3, 4].map(() => throttle.take('GET /a', limit))).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('answers 429 Too Many Requests before the function runs, and only on the throttled route', async () => {
    let invocations = 0;
    const server = createLocalGateway({
      routes: [
        { method: 'GET', path: '/limited', functionName: 'f', access: 'public', throttle: limit },
        { method: 'GET', path: '/open', functionName: 'f', access: 'public' },
      ],
      loadHandler: async () => async () => {
        invocations++;
        return { statusCode: 200, body: 'ok' };
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const limited = [];
      for (let i = 0; i < 4; i++) limited.push(await fetch(`${url}/limited`));
      expect(limited.map((response) => response.status)).toEqual([200, 200, 200, 429]);
      expect(await limited[3]?.json()).toEqual({ message: 'Too Many Requests' });
      expect(invocations).toBe(3);
      const open = [];
      for (let i = 0; i < 6; i++) open.push((await fetch(`${url}/open`)).status);
      expect(open).toEqual([200, 200, 200, 200, 200, 200]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("throttles only the pages a signed link opens (the applicant's, the returning mentor's, the check-in) more tightly than the stage", () => {
    const throttled = ROUTES.filter((route) => route.throttle).map(
      (route) => `${route.method} ${route.path}`,
    );
    expect(throttled).toEqual([
      'GET /my-application',
      'GET /my-application/{action}',
      'POST /my-application/{action}',
      'GET /returning-mentor',
      'POST /returning-mentor',
      'GET /check-in',
      'POST /check-in',
      'GET /evaluation',
      'POST /evaluation',
    ]);
  });
});
