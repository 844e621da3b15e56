import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpProblem } from './problems.js';

/** Who acted: a staff member's subject and, when the token has one, address. */
export interface Actor {
  sub: string;
  email?: string;
}

/** The Cognito groups that may use the admin API; `admins` may also export and erase. */
export type StaffGroup = 'staff' | 'admins';

type Claims = Record<string, string | number | boolean | string[]>;

/**
 * A token's groups, exactly as API Gateway's JWT authorizer passes them: an array claim
 * becomes one string, `[staff admins]`, its items separated by single spaces (Cognito group
 * names hold no whitespace); any other string is one group name, commas and all. A raw
 * token's real array is read as it is.
 */
export function groupsOf(claims: Claims): string[] {
  const raw = claims['cognito:groups'];
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw !== 'string' || raw === '') return [];
  const flattened = /^\[(.*)\]$/.exec(raw);
  return flattened ? (flattened[1] ?? '').split(' ').filter(Boolean) : [raw];
}

function claimsOf(event: APIGatewayProxyEventV2): Claims | undefined {
  const context = event.requestContext as APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims?: Claims } };
  };
  return context.authorizer?.jwt?.claims;
}

/**
 * The caller, if the authorizer vouched for them and they are in one of `groups`.
 * Denies by default: no claims is 401, a valid token without the group is 403.
 */
export function requireStaff(event: APIGatewayProxyEventV2, groups: readonly StaffGroup[]): Actor {
  const claims = claimsOf(event);
  const sub = claims?.sub;
  if (!claims || typeof sub !== 'string' || sub === '') {
    throw new HttpProblem(401, 'unauthorized', 'Sign in as program staff to use this API.');
  }
  const memberOf = groupsOf(claims);
  if (!groups.some((group) => memberOf.includes(group))) {
    throw new HttpProblem(
      403,
      'forbidden',
      `This needs membership of the ${groups.join(' or ')} group.`,
    );
  }
  const email = claims.email ?? claims.username ?? claims['cognito:username'];
  return { sub, ...(typeof email === 'string' ? { email } : {}) };
}
