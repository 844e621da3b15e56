import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { type Item, itemKeys, LISTED } from '../../applications/store/application-item.js';
import type { ErasedSubmission } from '../../applications/submission.js';
import { TABLE_DESIGN } from '../../platform/table/table-design.js';
import { InvalidCursor, type SubmissionFilter } from '../staff-ports.js';

/** The index that lists applications by date, newest first. */
export const BY_DATE_INDEX: keyof typeof TABLE_DESIGN.indexes = 'byDate';
/** Its key attributes. */
export const byDate = TABLE_DESIGN.indexes[BY_DATE_INDEX];
/** The index of name search entries. */
export const BY_NAME_INDEX: keyof typeof TABLE_DESIGN.indexes = 'byName';
/** Its key attributes. */
export const byName = TABLE_DESIGN.indexes[BY_NAME_INDEX];
// Sorts after every id character, so `<instant>#~` ends an inclusive range at that instant.
const AFTER_ANY_ID = '~';

/** The tombstone an erased application's item holds. */
export function toErased(item: Item): ErasedSubmission {
  const { id, type, createdAt, erasedAt, erasedBy } = item as unknown as ErasedSubmission;
  return { id, type, createdAt, status: 'erased', erasedAt, erasedBy };
}

/** The opaque cursor of the page after `item`. */
export function encodeCursor(item: Item): string {
  return Buffer.from(JSON.stringify({ c: item[byDate.sortKey], i: item.id })).toString('base64url');
}

/** The start key a cursor stands for; throws InvalidCursor for one this API did not issue. */
export function decodeCursor(cursor: string): Item {
  try {
    const { c, i } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      c: unknown;
      i: unknown;
    };
    if (typeof c !== 'string' || typeof i !== 'string' || !c.endsWith(`#${i}`)) throw new Error();
    return { ...itemKeys.application(i), [byDate.partitionKey]: LISTED, [byDate.sortKey]: c };
  } catch {
    throw new InvalidCursor('That cursor is not one this API issued; start again without it.');
  }
}

/** The byDate Query (without its start key) that lists the submissions a filter asks for. */
export function listingQuery(filter: SubmissionFilter): Omit<QueryCommandInput, 'TableName'> {
  const names: Record<string, string> = { '#list': byDate.partitionKey };
  const values: Record<string, unknown> = { ':listed': LISTED };
  let keyCondition = '#list = :listed';
  if (filter.from !== undefined) values[':from'] = filter.from;
  if (filter.to !== undefined) values[':to'] = `${filter.to}#${AFTER_ANY_ID}`;
  if (filter.from !== undefined && filter.to !== undefined) {
    keyCondition += ' AND #created BETWEEN :from AND :to';
  } else if (filter.from !== undefined) {
    keyCondition += ' AND #created >= :from';
  } else if (filter.to !== undefined) {
    keyCondition += ' AND #created <= :to';
  }
  // DynamoDB refuses a name that the expressions do not use.
  if (keyCondition.includes('#created')) names['#created'] = byDate.sortKey;
  const filters: string[] = [];
  if (filter.type) {
    filters.push('#type = :type');
    names['#type'] = 'type';
    values[':type'] = filter.type;
  }
  if (filter.status) {
    filters.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = filter.status;
  }
  if (filter.cycle) {
    filters.push('#cycle = :cycle');
    names['#cycle'] = 'cycleId';
    values[':cycle'] = filter.cycle;
  }
  return {
    IndexName: BY_DATE_INDEX,
    KeyConditionExpression: keyCondition,
    ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: false,
  };
}
