import { describe, expect, it } from 'vitest';
import { dynamoDbDelayMs, MODELLED_LATENCY } from '../../bench/modelled-aws.js';

const transaction = (items: number) =>
  JSON.stringify({ TransactItems: Array.from({ length: items }, () => ({ Put: {} })) });

describe('the bench’s modelled AWS latency', () => {
  it('holds a single-item call for the published PutItem median', () => {
    expect(dynamoDbDelayMs('DynamoDB_20120810.GetItem', '{}')).toBe(MODELLED_LATENCY.singleItemMs);
  });

  it('holds a transaction for the published medians at 5 and 25 items, interpolated between', () => {
    expect(dynamoDbDelayMs('DynamoDB_20120810.TransactWriteItems', transaction(5))).toBeCloseTo(
      25.3,
    );
    expect(dynamoDbDelayMs('DynamoDB_20120810.TransactWriteItems', transaction(25))).toBeCloseTo(
      32.1,
    );
    // The intake's transaction: eight items.
    expect(dynamoDbDelayMs('DynamoDB_20120810.TransactWriteItems', transaction(8))).toBeCloseTo(
      26.32,
    );
    expect(dynamoDbDelayMs('DynamoDB_20120810.TransactWriteItems', transaction(2))).toBeCloseTo(
      25.3,
    );
  });
});
