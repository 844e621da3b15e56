import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { TALLY_STREAM_MAPPING } from '../tally-stream.js';
import type { Storage } from './storage.js';
import { mapTableStream } from './table-stream-mapping.js';

/**
 * The dashboard's aggregate: the table's stream drives the aggregator through an event
 * source mapping (settings from infra/tally-stream.ts, which the local poller plays too);
 * records it gives up on go to an encrypted queue, to be recounted by hand.
 */
export class DashboardTally extends Construct {
  constructor(scope: Construct, id: string, props: { storage: Storage; tally: LambdaFunction }) {
    super(scope, id);
    mapTableStream(this, {
      storage: props.storage,
      fn: props.tally,
      mapping: TALLY_STREAM_MAPPING,
      mappingId: 'TallyStream',
      describedAs: 'tally mapping',
    });
    props.storage.bind(props.tally, 'tally');
  }
}
