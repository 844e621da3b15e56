/**
 * Log messages that operations depend on: CloudWatch metric filters match them exactly,
 * so they are named once here and used by both the code and the stack.
 */
export const LOG_EVENTS = {
  confirmationNotSent: 'Confirmation not sent; left pending for retry',
  confirmationFailed: 'Confirmation failed for good after the last attempt',
  confirmationSuppressed: 'Confirmation suppressed: daily limit for this address reached',
  emailToSuppressedAddress: 'Email not sent: the address bounced or complained before',
  staffAddressProblem:
    'The staff address bounced or complained: staff email keeps going, but may not arrive',
  sweepOutOfTime: 'Sweep out of time; emails left pending for the next run',
} as const;
