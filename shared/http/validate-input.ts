import type * as z from 'zod/mini';
import { describeIssues } from '../schemas/validation-issues.js';
import { ValidationFailed } from './problems.js';

/** Parses request input with a schema, or throws ValidationFailed naming every problem. */
export function validateInput<S extends z.ZodMiniObject>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success)
    throw new ValidationFailed(describeIssues(schema, result.error.issues, input));
  return result.data;
}
