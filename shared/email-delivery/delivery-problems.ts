import * as z from 'zod/mini';
import { LOG_EVENTS } from '../platform/observability/log-events.js';
import type {
  OperationalLog,
  OperationalMetrics,
} from '../platform/observability/operational-ports.js';
import { normalizedAddress, sameAddress } from '../platform/text/email-address.js';
import type { DeliveryProblem, EmailOutbox } from './delivery-ports.js';

export type { DeliveryProblem };

const recipients = z.array(z.object({ emailAddress: z.string() }));

// SES's notification as a configuration set's SNS destination publishes it (`eventType`),
// or as identity feedback notifications do (`notificationType`): only the fields used.
const sesNotification = z.object({
  eventType: z.optional(z.string()),
  notificationType: z.optional(z.string()),
  mail: z.object({ messageId: z.string() }),
  bounce: z.optional(z.object({ bounceType: z.string(), bouncedRecipients: recipients })),
  complaint: z.optional(z.object({ complainedRecipients: recipients })),
});

/**
 * Reads an SES bounce or complaint notification (the JSON SNS carries). A permanent bounce
 * or any complaint is a problem; a transient bounce (a full mailbox) is not, nor is
 * anything else SES publishes, nor a message that is not SES's at all. Each recipient is
 * reduced to its address (SES reports it as written: `"Some One" <A@Example.org>`).
 */
export function readDeliveryProblem(message: string): DeliveryProblem | undefined {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return undefined;
  }
  const parsed = sesNotification.safeParse(json);
  if (!parsed.success) return undefined;
  const { eventType, notificationType, mail, bounce, complaint } = parsed.data;
  const type = eventType ?? notificationType;
  if (type === 'Bounce' && bounce?.bounceType === 'Permanent') {
    const addresses = bounce.bouncedRecipients.map(addressOf);
    return { kind: 'bounced', messageId: mail.messageId, addresses };
  }
  if (type === 'Complaint' && complaint) {
    const addresses = complaint.complainedRecipients.map(addressOf);
    return { kind: 'complained', messageId: mail.messageId, addresses };
  }
  return undefined;
}

function addressOf(recipient: { emailAddress: string }): string {
  return normalizedAddress(recipient.emailAddress);
}

/**
 * Acts on a bounce or complaint: the addresses go on the suppression list (this service
 * writes to them no more), the email it was about records what happened, and it is
 * counted. The program's own staff address is the exception: suppressing it would silence
 * every staff summary and notice without a word, so it stays off the list and is counted
 * and logged for its alarm instead. Logs carry the message id only, never an address.
 */
export async function recordDeliveryProblem(
  deps: {
    outbox: Pick<EmailOutbox, 'recordDeliveryProblem'>;
    now: () => Date;
    log: OperationalLog;
    metrics?: OperationalMetrics;
    /** Program staff's address: never suppressed, alarmed on. */
    staffEmail: string;
  },
  problem: DeliveryProblem,
): Promise<void> {
  const toStaff = problem.addresses.some((address) => sameAddress(address, deps.staffEmail));
  const addresses = problem.addresses.filter((address) => !sameAddress(address, deps.staffEmail));
  await deps.outbox.recordDeliveryProblem({ ...problem, addresses }, deps.now());
  const metric = problem.kind === 'bounced' ? 'bounce' : 'complaint';
  deps.metrics?.deliveryProblem?.(metric);
  const details = { problem: problem.kind, messageId: problem.messageId };
  if (toStaff) {
    deps.metrics?.staffAddressProblem?.(metric);
    deps.log.warn(LOG_EVENTS.staffAddressProblem, details);
  }
  if (addresses.length > 0) {
    deps.log.warn('Email address suppressed after a delivery problem', details);
  }
}
