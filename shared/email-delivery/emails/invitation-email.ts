import type { InvitationFacts } from '../../applications/outbox.js';
import type { Submission } from '../../applications/submission.js';
import { html } from '../../platform/html/markup.js';
import { formatLosAngelesTime } from '../../platform/text/los-angeles-time.js';
import type { OutgoingEmail, ProgramDetails } from '../delivery-ports.js';
import { EmailHeading, layoutEmail } from './email-layout.js';

/**
 * The invitation to an earlier cycle's mentor to take part in a new one: one link to a page
 * with their answers, where they confirm or change how many mentees and which stages they
 * take. Like the confirmation, it echoes no free-text answer.
 */
export function renderInvitationEmail(
  submission: Submission,
  invitation: InvitationFacts,
  program: ProgramDetails,
  /** The returning mentor's page; without it (no public address configured) they apply anew. */
  returnUrl: string | undefined,
): OutgoingEmail {
  const { firstName, email } = submission.application;
  const closes = formatLosAngelesTime(invitation.closesAt);
  const { staffEmail, programName } = program;
  const mailStaff = html`<a href=${`mailto:${staffEmail}`}>${staffEmail}</a>`;
  const ask = `Thank you for mentoring in the ${programName}. We would be glad to have you again in the ${invitation.cycleName}, whose applications close on ${closes}.`;

  const text = [
    `Dear ${firstName},`,
    '',
    ask,
    '',
    ...(returnUrl
      ? [
          'Take part again',
          `Your earlier answers are kept: confirm them, or change how many mentees and which career stages you will take, here: ${returnUrl}`,
          `The link works until applications close (${closes}). It is yours alone: please do not forward this email.`,
        ]
      : [`To take part, apply again before applications close (${closes}).`]),
    '',
    `Not this year? There is nothing to do. Questions? Reply to this email or write to ${staffEmail}.`,
  ];
  const body = html`<p>Dear ${firstName},</p>
<p>${ask}</p>
${
  returnUrl
    ? html`<${EmailHeading}>Take part again<//>
<p>Your earlier answers are kept: <a href=${returnUrl} target="_blank" rel="noopener noreferrer">confirm them, or change how many mentees and which career stages you will take</a>.</p>
<p>The link works until applications close (${closes}). It is yours alone: please do not forward this email.</p>`
    : html`<p>To take part, apply again before applications close (${closes}).</p>`
}
<p>Not this year? There is nothing to do. Questions? Reply to this email or write to ${mailStaff}.</p>`;

  const subject = `${programName}: will you mentor again in ${invitation.cycleName}?`;
  return {
    to: email,
    ...layoutEmail({ subject, html: body, text, audience: 'applicant' }, program),
  };
}
