import {
  SESClient,
  type SESClientConfig,
  SendEmailCommand,
  SendRawEmailCommand,
} from '@aws-sdk/client-ses';
import { boundedRequests, SES_REQUEST_LIMITS } from '../platform/aws/request-limits.js';
import type { Mailer, OutgoingEmail } from './delivery-ports.js';
import { mimeMessage } from './mime-message.js';

/** An SES client whose every send ends within SES_REQUEST_LIMITS. */
export function createSesClient(overrides: SESClientConfig = {}): SESClient {
  return new SESClient({ ...boundedRequests(SES_REQUEST_LIMITS), ...overrides });
}

let sesClient: SESClient | undefined;

/** The container's one SES client (AWS_ENDPOINT_URL_SES points it at a local SES). */
export function sesClientInstance(): SESClient {
  sesClient ??= createSesClient();
  return sesClient;
}

/** Sends through SES from one verified sender, with replies going to program staff. */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESClient,
    private readonly sender: { from: string; replyTo: string; configurationSet?: string },
  ) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    if (email.attachments?.length) return this.sendRaw(email);
    const output = await this.client.send(
      new SendEmailCommand({
        Source: this.sender.from,
        ReplyToAddresses: [email.replyTo ?? this.sender.replyTo],
        Destination: { ToAddresses: [email.to] },
        Message: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: email.text, Charset: 'UTF-8' },
            Html: { Data: email.html, Charset: 'UTF-8' },
          },
        },
        ...(this.sender.configurationSet
          ? { ConfigurationSetName: this.sender.configurationSet }
          : {}),
      }),
    );
    return { messageId: output.MessageId ?? 'unknown' };
  }

  /**
   * An email with attachments: SendEmail cannot carry them, SendRawEmail takes the whole
   * MIME message. Source and Destinations are given as well as the headers: SES then checks
   * the sender (and IAM its `ses:FromAddress`) exactly as for SendEmail.
   */
  private async sendRaw(email: OutgoingEmail): Promise<{ messageId: string }> {
    const output = await this.client.send(
      new SendRawEmailCommand({
        Source: this.sender.from,
        Destinations: [email.to],
        RawMessage: {
          Data: mimeMessage(email, { from: this.sender.from, replyTo: this.sender.replyTo }),
        },
        ...(this.sender.configurationSet
          ? { ConfigurationSetName: this.sender.configurationSet }
          : {}),
      }),
    );
    return { messageId: output.MessageId ?? 'unknown' };
  }
}
