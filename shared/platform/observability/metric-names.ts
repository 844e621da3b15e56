/** The CloudWatch namespace of the service's own metrics (the stack's alarms read it). */
export const METRIC_NAMESPACE = 'MentoringIntake';

/** Metric names the code emits and the stack alarms on. */
export const METRIC_NAMES = {
  /** Emitted (embedded metric format) when a confirmation uses up its attempts. */
  confirmationsGaveUp: 'ConfirmationsGaveUp',
  /** Counted from the logs by a metric filter: every failed send, retried or not. */
  confirmationFailures: 'ConfirmationFailures',
  /** Emitted when an address bounces for good. */
  emailsBounced: 'EmailsBounced',
  /** Emitted when a recipient complains. */
  emailsComplained: 'EmailsComplained',
  /** Emitted when the staff address bounces or complains (it is never suppressed: alarmed). */
  staffAddressProblems: 'StaffAddressDeliveryProblems',
} as const;
