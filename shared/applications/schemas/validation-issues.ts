import type * as z from 'zod/mini';
import { type FieldIssue, pathToString, valueAt } from '../../platform/http/field-issues.js';
import { describeFields, type FieldDescription } from './field-descriptions.js';

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function describeIssue(
  issue: z.core.$ZodIssue,
  field: FieldDescription | undefined,
  input: unknown,
): string {
  const title = field?.meta.title ?? 'This field';
  const inArray = issue.path.length > 1;
  const checksPresence = issue.code !== 'unrecognized_keys' && issue.code !== 'custom';
  if (checksPresence && valueAt(input, issue.path) === undefined && !inArray) {
    return `${title} is required.`;
  }
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'array') return `${title}: choose one or more of the listed options.`;
      if (issue.expected === 'number' || issue.expected === 'int')
        return `${title} must be a whole number.`;
      if (issue.expected === 'boolean') return `${title} must be yes or no.`;
      if (issue.expected === 'object') return 'The application must be an object of fields.';
      return `${title} must be text.`;
    case 'too_small':
      if (issue.origin === 'string')
        return issue.minimum === 1
          ? `${title} is required.`
          : `${title} must be at least ${plural(Number(issue.minimum), 'character')}.`;
      if (issue.origin === 'array')
        return `${title}: choose at least ${plural(Number(issue.minimum), 'option')}.`;
      return `${title} must be at least ${issue.minimum}.`;
    case 'too_big':
      if (issue.origin === 'string')
        return `${title} must be at most ${plural(Number(issue.maximum), 'character')}.`;
      if (issue.origin === 'array')
        return `${title}: choose at most ${plural(Number(issue.maximum), 'option')}.`;
      return `${title} must be at most ${issue.maximum}.`;
    case 'invalid_format':
      return `${title} ${field?.meta.formatHint ?? 'is not in the expected format'}.`;
    case 'invalid_value':
      if (issue.values.length === 1 && issue.values[0] === true)
        return `${title}: tick this box to apply; we cannot process an application without it.`;
      return `${title}: choose one of the listed options.`;
    case 'custom':
      return issue.message;
    default:
      return `${title} is not valid.`;
  }
}

/**
 * Turns zod's issues into one message per problem, naming the field by its label and
 * saying what to do. Unknown fields get one issue each, named by their key.
 */
export function describeIssues(
  schema: z.ZodMiniObject,
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
): FieldIssue[] {
  const fields = describeFields(schema);
  return issues.flatMap((issue): FieldIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: pathToString([...issue.path, key]),
        message: 'This field is not part of the application form; remove it.',
      }));
    }
    const field = fields.get(String(issue.path[0]));
    return [{ path: pathToString(issue.path), message: describeIssue(issue, field, input) }];
  });
}
