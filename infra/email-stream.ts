import { EMAIL_SORT_PREFIX } from '../shared/applications/store/application-item.js';

/**
 * How the table's stream drives the email sender: one description for the CDK event
 * source mapping and for the local poller that plays it, so they cannot drift.
 */
export const EMAIL_STREAM_MAPPING = {
  functionName: 'send-emails',
  startingPosition: 'TRIM_HORIZON',
  batchSize: 10,
  /**
   * Batches of one shard in flight at once, each lane holding some applications' records in
   * order. With one, a burst of applicants waits on one batch of ten at a time: `npm run
   * load` took 10.3 s to send its emails with two lanes, 9.2 s with three, 7.7 s with four.
   * More sends at once do not outrun SES: a throttled send stays pending for the sweeper.
   */
  parallelizationFactor: 4,
  /** After this many failed retries of a batch, its record goes to the on-failure queue. */
  maximumRetryAttempts: 3,
  /** Older records are sent to the on-failure queue instead: the sweeper sends them. */
  maximumRecordAgeSeconds: 3600,
  bisectBatchOnFunctionError: true,
  reportBatchItemFailures: true,
  /**
   * Lambda's filter pattern (its JSON grammar): only new outbox emails reach the sender.
   * The stream is KEYS_ONLY, so keys and the event name are all a filter can see.
   *
   * INSERT only, on purpose: every write that makes an email pending puts a new item under
   * a key never used before (newEmailPut in shared/applications/store/application-item.ts: the condition
   * `attribute_not_exists(pk)`; a pair matched again gets introductions keyed by the new
   * match's id). So an INSERT means exactly "an email to send", and every MODIFY is the
   * senders' own bookkeeping (claim, daily slot, sent, failed with its backoff, suppressed,
   * bounced): passing MODIFY would invoke the sender 2 to 3 more times per email for
   * records it must skip, and would undo the sweeper's backoff for failed sends.
   */
  filterPattern: {
    eventName: ['INSERT'],
    dynamodb: { Keys: { sk: { S: [{ prefix: EMAIL_SORT_PREFIX }] } } },
  },
} as const;
