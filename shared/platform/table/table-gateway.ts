import {
  DeleteCommand,
  type DeleteCommandInput,
  type DeleteCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  type GetCommandOutput,
  PutCommand,
  type PutCommandInput,
  type PutCommandOutput,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
  type UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from './batch-get.js';
import type { Item } from './dynamodb-values.js';

type OnTable<T> = Omit<T, 'TableName'>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * One write of a transaction, on this service's one table: rules and item builders say what
 * to write without knowing the table's name; the gateway names it when it commits.
 */
export interface TableWrite {
  Put?: OnTable<NonNullable<TransactItem['Put']>>;
  Update?: OnTable<NonNullable<TransactItem['Update']>>;
  Delete?: OnTable<NonNullable<TransactItem['Delete']>>;
  ConditionCheck?: OnTable<NonNullable<TransactItem['ConditionCheck']>>;
}

/** A transaction's write with the table named, as TransactWriteItems takes it. */
export function onTable(tableName: string, write: TableWrite): TransactItem {
  const [kind, operation] = Object.entries(write).find(([, value]) => value !== undefined) ?? [];
  if (!kind || !operation) throw new Error('A transaction write names no operation');
  return { [kind]: { ...operation, TableName: tableName } } as TransactItem;
}

/**
 * The table, bound once: each store reads and writes through this instead of naming the
 * table in every command. It adds nothing else, so what each call does stays visible in
 * the store that makes it (and in the role's grants).
 */
export class TableGateway {
  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** GetItem. */
  get(input: OnTable<GetCommandInput>): Promise<GetCommandOutput> {
    return this.client.send(new GetCommand({ ...input, TableName: this.tableName }));
  }

  /** PutItem. */
  put(input: OnTable<PutCommandInput>): Promise<PutCommandOutput> {
    return this.client.send(new PutCommand({ ...input, TableName: this.tableName }));
  }

  /** UpdateItem. */
  update(input: OnTable<UpdateCommandInput>): Promise<UpdateCommandOutput> {
    return this.client.send(new UpdateCommand({ ...input, TableName: this.tableName }));
  }

  /** DeleteItem. */
  delete(input: OnTable<DeleteCommandInput>): Promise<DeleteCommandOutput> {
    return this.client.send(new DeleteCommand({ ...input, TableName: this.tableName }));
  }

  /** One page of a Query. */
  query(input: OnTable<QueryCommandInput>): Promise<QueryCommandOutput> {
    return this.client.send(new QueryCommand({ ...input, TableName: this.tableName }));
  }

  /** TransactWriteItems: every write or none. */
  async transactWrite(
    writes: readonly TableWrite[],
    options: Omit<TransactWriteCommandInput, 'TransactItems'> = {},
  ): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        ...options,
        TransactItems: writes.map((write) => onTable(this.tableName, write)),
      }),
    );
  }

  /** Items by key, 100 per BatchGetItem, until DynamoDB leaves none unprocessed. */
  batchGet(
    keys: readonly Item[],
    options: { consistentRead?: boolean; projection?: string; names?: Record<string, string> } = {},
  ): Promise<Item[]> {
    return batchGetAll(this.client, this.tableName, keys, options);
  }
}
