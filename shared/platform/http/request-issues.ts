import type * as z from 'zod/mini';
import { counted } from '../text/plural-words.js';
import { type FieldIssue, pathToString, valueAt } from './field-issues.js';

const characters = { one: 'character', other: 'characters' };
const items = { one: 'item', other: 'items' };

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const name = pathToString(issue.path);
  if (issue.code === 'custom') return issue.message;
  if (issue.path.length === 0) {
    return issue.code === 'invalid_type'
      ? 'The request must be a JSON object of parameters.'
      : 'The request is not valid.';
  }
  if (valueAt(input, issue.path) === undefined) return `${name} is required.`;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'array') return `${name} must be a list.`;
      if (issue.expected === 'number' || issue.expected === 'int')
        return `${name} must be a whole number.`;
      if (issue.expected === 'boolean') return `${name} must be true or false.`;
      if (issue.expected === 'object') return `${name} must be an object.`;
      return `${name} must be text.`;
    case 'too_small':
      if (issue.origin === 'string')
        return issue.minimum === 1
          ? `${name} must not be empty.`
          : `${name} must be at least ${counted(Number(issue.minimum), characters)}.`;
      if (issue.origin === 'array')
        return `${name} must hold at least ${counted(Number(issue.minimum), items)}.`;
      return `${name} must be at least ${issue.minimum}.`;
    case 'too_big':
      if (issue.origin === 'string')
        return `${name} must be at most ${counted(Number(issue.maximum), characters)}.`;
      if (issue.origin === 'array')
        return `${name} must hold at most ${counted(Number(issue.maximum), items)}.`;
      return `${name} must be at most ${issue.maximum}.`;
    case 'invalid_value':
      return `${name} must be one of: ${issue.values.map(String).join(', ')}.`;
    default:
      return `${name} is not valid.`;
  }
}

/**
 * Turns zod's issues with a staff API request into one message per problem, for whoever
 * calls the API: each names the parameter by its path and says what it must be (the
 * applicant's wording, with form labels and "listed options", is describeIssues').
 * Unknown parameters get one issue each, named by their key; no message repeats a value.
 */
export function describeRequestIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
): FieldIssue[] {
  return issues.flatMap((issue): FieldIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const path = pathToString([...issue.path, key]);
        return { path, message: `${path} is not a parameter of this request; remove it.` };
      });
    }
    return [{ path: pathToString(issue.path), message: describeIssue(issue, input) }];
  });
}
