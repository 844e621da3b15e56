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
import { TABLE_DESIGN } from '../../shared/store/table-design.js';

/** What a function may do with the table, by what its code does. */
export type TableAccess =
  | 'intake'
  | 'staff'
  | 'emails'
  | 'delivery-events'
  | 'matching'
  | 'applicant';

/** The indexes each kind of access queries, and so the only ones its role may read. */
const INDEX_READ_BY: Record<TableAccess, ReadonlyArray<keyof typeof TABLE_DESIGN.indexes>> = {
  intake: [],
  staff: ['byDate', 'byName'],
  emails: ['pendingEmails'],
  'delivery-events': [],
  matching: ['byDate'],
  applicant: [],
};

// Read an application (its partition, its guards), update it, and erase it (a tombstone Put
// replacing the item and Deletes of its guards and matches, in one transaction).
const READ_CHANGE_ERASE = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
];

const ACTIONS: Record<TableAccess, string[]> = {
  // Save (one TransactWriteItems of Puts and an Update) and read the replay guard.
  intake: [
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:ConditionCheckItem',
  ],
  // Send outbox emails: read the application and guards, find due emails (the pendingEmails
  // index), claim and update them, take daily slots, record SES message ids.
  emails: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
  // Bounces and complaints: suppress the address, find the email by message id, mark it.
  'delivery-events': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  // Matching: read the pool (the byDate index), settings and runs; store runs and settings;
  // approve (a transaction of Puts and Updates) and end matches (Deletes and Updates).
  matching: [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
  ],
  // Review: the same on any application, found through the byDate and byName indexes.
  staff: READ_CHANGE_ERASE,
  // The applicant's own page: the same on the one application its signed link names, by
  // key (no index); withdrawal adds a notice Put and match Deletes, all one transaction.
  applicant: READ_CHANGE_ERASE,
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
    const resources = [
      this.table.tableArn,
      ...INDEX_READ_BY[access].map((index) => `${this.table.tableArn}/index/${index}`),
    ];
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ACTIONS[access], resources }),
    );
  }
}
