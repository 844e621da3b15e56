/** A Lambda event filter pattern: nested objects ending in lists of allowed values. */
export type FilterPattern = { readonly [key: string]: FilterPattern | readonly FilterValue[] };
type FilterValue =
  | string
  | number
  | boolean
  | null
  | { readonly prefix: string }
  | { readonly exists: boolean };

function valueMatches(rule: FilterValue, value: unknown): boolean {
  if (rule !== null && typeof rule === 'object') {
    if ('prefix' in rule) return typeof value === 'string' && value.startsWith(rule.prefix);
    return rule.exists === (value !== undefined);
  }
  return value === rule;
}

/**
 * Whether an event matches a filter pattern as Lambda's event filtering decides it: every
 * key of the pattern must match (AND), a list matches when any of its rules matches (OR),
 * a rule is an exact value, `{ prefix }` or `{ exists }`. The subset of the grammar the
 * stack's mapping uses, nothing more.
 */
export function matchesFilter(pattern: FilterPattern, event: unknown): boolean {
  return Object.entries(pattern).every(([key, rule]) => {
    const value =
      event !== null && typeof event === 'object'
        ? (event as Record<string, unknown>)[key]
        : undefined;
    if (Array.isArray(rule)) return rule.some((each: FilterValue) => valueMatches(each, value));
    return matchesFilter(rule as FilterPattern, value);
  });
}
