import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { isTransactionCancelled } from '../../shared/platform/table/dynamodb-values.js';

/** A cancellation as the SDK reports it, one reason per item of the transaction. */
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('isTransactionCancelled', () => {
  it('is true when a condition failed or another transaction held an item: nothing was written', () => {
    expect(isTransactionCancelled(cancelled('None', 'ConditionalCheckFailed'))).toBe(true);
    expect(isTransactionCancelled(cancelled('TransactionConflict', 'None'))).toBe(true);
  });

  it('is false for a fault: throttling, a validation error, anything else thrown', () => {
    expect(isTransactionCancelled(cancelled('None', 'ThrottlingError'))).toBe(false);
    expect(isTransactionCancelled(cancelled('ValidationError'))).toBe(false);
    expect(isTransactionCancelled(new Error('ConditionalCheckFailed'))).toBe(false);
  });
});
