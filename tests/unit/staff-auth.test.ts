import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  apiGatewayClaims,
  jwtAuthorizer,
  LOCAL_CLIENT_ID,
  LOCAL_ISSUER,
  loadOrCreateIssuer,
  mintLocalToken,
} from '../../infra/local/local-issuer.js';
import { HttpProblem } from '../../shared/platform/http/problems.js';
import { groupsOf, requireStaff } from '../../shared/platform/http/staff-auth.js';

function eventWithClaims(claims?: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    requestContext: { authorizer: claims ? { jwt: { claims, scopes: null } } : undefined },
  } as unknown as APIGatewayProxyEventV2;
}

function problemOf(action: () => unknown): HttpProblem | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof HttpProblem) return error;
  }
  return undefined;
}

describe('groupsOf', () => {
  it('reads API Gateway’s flattened "[a b]" form and a real array; any other string is one group', () => {
    expect(groupsOf({ 'cognito:groups': '[staff admins]' })).toEqual(['staff', 'admins']);
    expect(groupsOf({ 'cognito:groups': ['admins'] })).toEqual(['admins']);
    expect(groupsOf({ 'cognito:groups': '[staff,admins]' })).toEqual(['staff,admins']);
    expect(groupsOf({ 'cognito:groups': 'staff,admins' })).toEqual(['staff,admins']);
    expect(groupsOf({ 'cognito:groups': 'staff' })).toEqual(['staff']);
    expect(groupsOf({})).toEqual([]);
  });
});

describe('requireStaff', () => {
  it('returns the caller when they are in an allowed group', () => {
    const event = eventWithClaims({
      sub: 'u1',
      email: 'u1@ladocs.org',
      'cognito:groups': '[staff]',
    });

    expect(requireStaff(event, ['staff', 'admins'])).toEqual({ sub: 'u1', email: 'u1@ladocs.org' });
  });

  it('denies by default: 401 without claims, 403 without the group', () => {
    expect(problemOf(() => requireStaff(eventWithClaims(), ['staff']))?.statusCode).toBe(401);
    expect(
      problemOf(() =>
        requireStaff(eventWithClaims({ sub: 'u1', 'cognito:groups': '[staff]' }), ['admins']),
      )?.statusCode,
    ).toBe(403);
    expect(
      problemOf(() => requireStaff(eventWithClaims({ sub: 'u1' }), ['staff']))?.statusCode,
    ).toBe(403);
  });
});

describe('local issuer', () => {
  it('signs tokens its authorizer accepts, and passes claims on as API Gateway does', async () => {
    const issuer = await loadOrCreateIssuer(await mkdtemp(join(tmpdir(), 'issuer-')));
    const verify = jwtAuthorizer({
      jwks: issuer.jwks,
      issuer: LOCAL_ISSUER,
      audiences: [LOCAL_CLIENT_ID],
    });
    const token = await mintLocalToken(issuer, {
      sub: 'u1',
      email: 'u1@ladocs.org',
      groups: ['staff', 'admins'],
    });

    const payload = await verify(`Bearer ${token}`);

    expect(payload).toMatchObject({ sub: 'u1', iss: LOCAL_ISSUER, aud: LOCAL_CLIENT_ID });
    expect(apiGatewayClaims(payload ?? {})).toMatchObject({
      'cognito:groups': '[staff admins]',
      exp: expect.stringMatching(/^\d+$/),
    });
    expect(await verify(undefined)).toBeUndefined();
    expect(issuer.jwks.keys[0]).not.toHaveProperty('d');
  });

  it('keeps its key, so tokens outlive a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'issuer-'));

    expect((await loadOrCreateIssuer(dir)).jwks).toEqual((await loadOrCreateIssuer(dir)).jwks);
  });
});
