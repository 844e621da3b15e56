import * as z from 'zod/mini';
import type { DeliveryProblem, EmailOutbox, OperationalLog, OperationalMetrics } from './ports.js';

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
 * anything else SES publishes, nor a message that is not SES's at all.
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
    const addresses = bounce.bouncedRecipients.map((recipient) => recipient.emailAddress);
    return { kind: 'bounced', messageId: mail.messageId, addresses };
  }
  if (type === 'Complaint' && complaint) {
    const addresses = complaint.complainedRecipients.map((recipient) => recipient.emailAddress);
    return { kind: 'complained', messageId: mail.messageId, addresses };
  }
  return undefined;
}

/**
 * Acts on a bounce or complaint: the addresses go on the suppression list (this service
 * writes to them no more), the email it was about records what happened, and it is
 * counted. Logs carry the message id only, never an address.
 */
export async function recordDeliveryProblem(
  deps: {
    outbox: Pick<EmailOutbox, 'recordDeliveryProblem'>;
    now: () => Date;
    log: OperationalLog;
    metrics?: OperationalMetrics;
  },
  problem: DeliveryProblem,
): Promise<void> {
  await deps.outbox.recordDeliveryProblem(problem, deps.now());
  deps.metrics?.deliveryProblem?.(problem.kind === 'bounced' ? 'bounce' : 'complaint');
  deps.log.warn('Email address suppressed after a delivery problem', {
    problem: problem.kind,
    messageId: problem.messageId,
  });
}
