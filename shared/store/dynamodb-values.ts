/** A time as DynamoDB's TTL attribute wants it: whole seconds since the epoch. */
export const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** True when a single-item write was refused by its condition (not a fault). */
export const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';
