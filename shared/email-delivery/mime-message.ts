import { randomUUID } from 'node:crypto';
import type { OutgoingEmail } from './delivery-ports.js';

/** Who an email is from and answered to, as the sender sends it. */
export interface MimeEnvelope {
  from: string;
  replyTo: string;
}

/** A header value must never hold a line break: one would let a value add headers. */
function headerValue(name: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`A line break in the ${name} header`);
  return value;
}

// RFC 2047 encoded-words: anything beyond ASCII in a header travels as UTF-8, base64.
const encodedWord = (text: string) => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
const isAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);

/** A mailbox (`Name <a@b.org>` or `a@b.org`) with a display name beyond ASCII encoded. */
function mailbox(name: string, value: string): string {
  const address = headerValue(name, value);
  const named = /^(.*?)\s*<([^<>]+)>$/.exec(address);
  if (!named || isAscii(named[1] ?? '')) return address;
  return `${encodedWord(named[1] ?? '')} <${named[2]}>`;
}

/** Base64 in lines of 76 characters, as MIME wants it (RFC 2045). */
function base64Lines(content: Uint8Array | string): string {
  const encoded = Buffer.from(content).toString('base64');
  return encoded.replace(/.{1,76}/g, '$&\r\n');
}

/** A file name safe inside a quoted header parameter. */
const safeFileName = (fileName: string) => fileName.replace(/[^\w.-]/g, '_');

/**
 * An email with attachments as the raw MIME message SES's SendRawEmail takes: a
 * multipart/mixed of the text and HTML parts (multipart/alternative) and each attachment,
 * every part base64-encoded, every header beyond ASCII encoded, and any line break in a
 * header value refused. SES adds the Message-ID and Date.
 */
export function mimeMessage(
  email: OutgoingEmail,
  envelope: MimeEnvelope,
  boundaryId: string = randomUUID(),
): Uint8Array {
  // No boundary can occur in base64 (which has no `=_` or `-` run like these).
  const mixed = `=_mixed_${boundaryId}`;
  const alternative = `=_alternative_${boundaryId}`;
  const subject = headerValue('Subject', email.subject);
  const lines = [
    `From: ${mailbox('From', envelope.from)}`,
    `To: ${mailbox('To', email.to)}`,
    `Reply-To: ${mailbox('Reply-To', email.replyTo ?? envelope.replyTo)}`,
    `Subject: ${isAscii(subject) ? subject : encodedWord(subject)}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${mixed}"`,
    '',
    `--${mixed}`,
    `Content-Type: multipart/alternative; boundary="${alternative}"`,
    '',
    `--${alternative}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(email.text),
    `--${alternative}`,
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(email.html),
    `--${alternative}--`,
    '',
  ];
  for (const attachment of email.attachments ?? []) {
    const fileName = safeFileName(attachment.fileName);
    lines.push(
      `--${mixed}`,
      `Content-Type: ${headerValue('Content-Type', attachment.contentType)}; name="${fileName}"`,
      `Content-Disposition: attachment; filename="${fileName}"`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(attachment.content),
    );
  }
  lines.push(`--${mixed}--`, '');
  return Buffer.from(lines.join('\r\n'), 'utf8');
}
