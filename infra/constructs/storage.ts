import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  type ITableV2,
  ProjectionType,
  StreamViewType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { Effect, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { CYCLES_PARTITION } from '../../shared/applications/store/cycle-calendar.js';
import { TABLE_DESIGN } from '../../shared/platform/table/table-design.js';

/** What a function may do with the table, by what its code does. */
export type TableAccess =
  | 'intake'
  | 'staff'
  | 'stream-sender'
  | 'sweeper'
  | 'delivery-events'
  | 'matching'
  | 'applicant'
  | 'calendar'
  | 'tally'
  | 'check-in-scheduler'
  | 'check-in'
  | 'cycle-completion'
  | 'letters';

type IndexName = keyof typeof TABLE_DESIGN.indexes;

/**
 * One kind of access. IAM has no action for a transaction: each of its items needs the
 * action of its kind (a Put PutItem, an Update UpdateItem, a Delete DeleteItem, a
 * ConditionCheck ConditionCheckItem), so a transaction is granted through what it holds.
 */
interface TableGrant {
  /** On the table's ARN: the item actions the code calls, and Query if it queries the table. */
  table: readonly string[];
  /** The indexes the code queries: dynamodb:Query only, on each index's ARN. */
  queries: readonly IndexName[];
  /** The only partitions the table actions may touch (dynamodb:LeadingKeys), when limited. */
  partitions?: readonly string[];
}

// Read an application (its partition with one Query, its guards and outbox items by
// BatchGetItem), update it, and erase it (a tombstone Put replacing the item and Deletes of
// its guards and matches, in one transaction).
const READ_CHANGE_ERASE = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
];

// Deliver an outbox email (shared/domain/deliver-email.ts): read the applications and the
// suppression entries (BatchGetItem, for a whole stream batch) and the applicant's guard,
// claim and update the email, with a daily slot (Updates in a transaction), record the SES
// message id (a Put).
const DELIVER = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:UpdateItem',
  'dynamodb:PutItem',
];

const GRANTS: Record<TableAccess, TableGrant> = {
  // Save (one TransactWriteItems of conditional Puts and an Update) and read the replay guard.
  // It also reads the cycles (one Query on their partition) to know whether the window is open.
  intake: {
    table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
    queries: [],
  },
  // The dashboard's aggregator: read the items a batch names and what each last added
  // (BatchGetItem), then one transaction of Puts and Deletes of those and counter Updates.
  tally: {
    table: [
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
      'dynamodb:UpdateItem',
    ],
    queries: [],
  },
  // The public form pages read the cycles, and nothing else: one Query on their partition.
  calendar: { table: ['dynamodb:Query'], queries: [], partitions: [CYCLES_PARTITION] },
  // The stream sender is told which email by the stream record: it finds nothing, so no Query.
  'stream-sender': { table: DELIVER, queries: [] },
  // The sweeper finds the due emails through the pendingEmails index, then delivers them.
  sweeper: { table: DELIVER, queries: ['pendingEmails'] },
  // Bounces and complaints: suppress the address, find the email by message id, mark it.
  'delivery-events': {
    table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    queries: [],
  },
  // Matching: read the pool (the byDate index), settings and runs; store runs and settings
  // (saving a run reads the run register's partition with a Query, to leave out whoever was
  // erased meanwhile); approve a batch of pairs (one BatchGetItem, then Puts and Updates in
  // one transaction) and end matches (Deletes and Updates); read the suppression items of a
  // run's people (BatchGetItem).
  matching: {
    table: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
    queries: ['byDate'],
  },
  // Review: the same on any application, listed through byDate and searched through byName;
  // inviting returning mentors checks each application is still held (a ConditionCheck)
  // in the transaction that puts its invitation in the outbox.
  staff: {
    table: [...READ_CHANGE_ERASE, 'dynamodb:ConditionCheckItem'],
    queries: ['byDate', 'byName'],
  },
  // The check-in scheduler: the matched mentees through byDate, each side's partition and
  // the cycles by Query; each check-in email a conditional Put (queued once).
  'check-in-scheduler': { table: ['dynamodb:Query', 'dynamodb:PutItem'], queries: ['byDate'] },
  // The check-in page: the person's partition by Query (is the match in place, what did they
  // answer), their answer by Put. The signed link names the partition: no index.
  'check-in': { table: ['dynamodb:Query', 'dynamodb:PutItem'], queries: [] },
  // Completing cycles at their end date: the cycles by Query, the matched mentees through
  // byDate, their guards and mentors by BatchGetItem, then per mentor one transaction of
  // guard Deletes, application and match view Updates and evaluation email Puts; the
  // cycle's completion record a conditional Put.
  'cycle-completion': {
    table: [
      'dynamodb:Query',
      'dynamodb:BatchGetItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
    ],
    queries: ['byDate'],
  },
  // Letters of recognition: the cycles and each mentor's partition by Query, the cycle's
  // completed mentors through byDate, a letter by GetItem (its download); issuing is one
  // transaction of a ConditionCheck (still the completed mentor) and Puts (letter, email).
  letters: {
    table: [
      'dynamodb:Query',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:ConditionCheckItem',
    ],
    queries: ['byDate'],
  },
  // The applicant's own page: the same on the one application its signed link names, by
  // key (no index); withdrawal adds a notice Put and match Deletes, all one transaction.
  applicant: { table: READ_CHANGE_ERASE, queries: [] },
};

/** The applications table: one table, keys and indexes from shared/store/table-design. */
export class Storage extends Construct {
  readonly table: ITableV2;

  constructor(scope: Construct, id: string, props: { production: boolean }) {
    super(scope, id);
    const { indexes } = TABLE_DESIGN;
    const key = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, 'Applications', {
      partitionKey: key(TABLE_DESIGN.partitionKey),
      sortKey: key(TABLE_DESIGN.sortKey),
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_DESIGN.timeToLiveAttribute,
      // Keys only: the stream says which outbox email was written and carries no value.
      dynamoStream: StreamViewType[TABLE_DESIGN.streamView],
      deletionProtection: props.production,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      globalSecondaryIndexes: Object.entries(indexes).map(([indexName, index]) => ({
        indexName,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: ProjectionType[index.projection],
      })),
    });
    new CfnOutput(scope, 'TableName', { value: this.table.tableName });
  }

  /** Lets a function's event source mapping read the table's stream. */
  bindStream(fn: LambdaFunction): void {
    this.table.grantStreamRead(fn);
  }

  /** Gives a function the table's name and exactly the actions its kind of access needs. */
  bind(fn: LambdaFunction, access: TableAccess): void {
    fn.addEnvironment('TABLE_NAME', this.table.tableName);
    this.grant(fn, access);
  }

  private grant(grantee: IGrantable, access: TableAccess): void {
    const { table, queries, partitions } = GRANTS[access];
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...table],
        resources: [this.table.tableArn],
        ...(partitions
          ? {
              conditions: {
                'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [...partitions] },
              },
            }
          : {}),
      }),
    );
    if (queries.length === 0) return;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:Query'],
        resources: queries.map((index) => `${this.table.tableArn}/index/${index}`),
      }),
    );
  }
}
