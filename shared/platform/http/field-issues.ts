/** One problem with one field, phrased for the applicant; never contains the value sent. */
export interface FieldIssue {
  path: string;
  message: string;
}

const MAX_ECHOED_KEY_LENGTH = 64;

/** An issue's path as dotted text (`pairs.3.mentorId`), each key cut to a bounded length. */
export function pathToString(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment).slice(0, MAX_ECHOED_KEY_LENGTH)).join('.');
}

/** The value at `path` in the input, or undefined when there is none (own properties only). */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Object.hasOwn(value, segment)
      ? (value as Record<PropertyKey, unknown>)[segment]
      : undefined;
  }
  return value;
}
