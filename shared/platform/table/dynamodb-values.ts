import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** A time as DynamoDB's TTL attribute wants it: whole seconds since the epoch. */
export const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** True when a single-item write was refused by its condition (not a fault). */
export const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * True when a transaction was cancelled rather than failed: a condition did not hold, or
 * another transaction was writing the same item (TransactionConflict). Nothing was written,
 * so reading again and retrying is safe; neither is a fault.
 */
export const isTransactionCancelled = (error: unknown): boolean =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some(
    (reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict',
  );

/** A raw table item. */
export type Item = Record<string, unknown>;
