import { EMAIL_SORT_PREFIX } from '../shared/store/application-item.js';

/**
 * How the table's stream drives the email sender: one description for the CDK event
 * source mapping and for the local poller that plays it, so they cannot drift.
 */
export const EMAIL_STREAM_MAPPING = {
  functionName: 'send-emails',
  startingPosition: 'TRIM_HORIZON',
  batchSize: 10,
  /** After this many failed retries of a batch, its record goes to the on-failure queue. */
  maximumRetryAttempts: 3,
  /** Older records are sent to the on-failure queue instead: the sweeper sends them. */
  maximumRecordAgeSeconds: 3600,
  bisectBatchOnFunctionError: true,
  reportBatchItemFailures: true,
  /**
   * Lambda's filter pattern (its JSON grammar): only new outbox emails reach the sender.
   * The stream is KEYS_ONLY, so keys are all a filter can see.
   */
  filterPattern: {
    eventName: ['INSERT'],
    dynamodb: { Keys: { sk: { S: [{ prefix: EMAIL_SORT_PREFIX }] } } },
  },
} as const;
