import type * as z from 'zod/mini';
import { invalidRequest } from './problems.js';
import { describeRequestIssues } from './request-issues.js';

/**
 * Parses a staff API request's input (query or body) with a schema, or throws a 400 naming
 * every problem in the API's terms (describeRequestIssues).
 */
export function validateInput<S extends z.ZodMiniObject>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidRequest(describeRequestIssues(result.error.issues, input));
  return result.data;
}
