import type { CheckInFacts } from '../../applications/outbox.js';
import type { Submission } from '../../applications/submission.js';
import { html } from '../../platform/html/markup.js';
import { formatLosAngelesTime } from '../../platform/text/los-angeles-time.js';
import type { OutgoingEmail, ProgramDetails } from '../delivery-ports.js';
import { EmailHeading, layoutEmail } from './email-layout.js';

/**
 * A check-in on a match (or its one reminder): a few questions behind one link, answered
 * without an account. It names nobody and echoes nothing either side said.
 */
export function renderCheckInEmail(
  submission: Submission,
  checkIn: CheckInFacts,
  program: ProgramDetails,
  /** The check-in page; without it (no public address configured) they reply instead. */
  checkInUrl: string | undefined,
): OutgoingEmail {
  const { firstName, email } = submission.application;
  const { staffEmail, programName } = program;
  const until = formatLosAngelesTime(checkIn.answerableUntil);
  const lead = checkIn.reminder
    ? `A week ago we asked how your mentoring is going. If you have a minute, we would still like to know.`
    : `How is your mentoring going? This is check-in ${checkIn.number} of ${checkIn.of} in the ${programName}: four short questions, about a minute.`;
  const privacy =
    'Your answers go to program staff only; the person you are matched with never sees them.';
  const text = [
    `Dear ${firstName},`,
    '',
    lead,
    '',
    ...(checkInUrl
      ? [
          `Answer here: ${checkInUrl}`,
          `You can answer, and change your answers, until ${until}. ${privacy} The link is yours alone: please do not forward this email.`,
        ]
      : [`Reply to this email to tell us. ${privacy}`]),
    '',
    `Questions, or would you like us to call? Reply to this email or write to ${staffEmail}.`,
  ];
  const body = html`<p>Dear ${firstName},</p>
<p>${lead}</p>
${
  checkInUrl
    ? html`<${EmailHeading}>Check in<//>
<p><a href=${checkInUrl} target="_blank" rel="noopener noreferrer">Answer the check-in</a>. You can answer, and change your answers, until ${until}.</p>
<p>${privacy} The link is yours alone: please do not forward this email.</p>`
    : html`<p>Reply to this email to tell us. ${privacy}</p>`
}
<p>Questions, or would you like us to call? Reply to this email or write to <a href=${`mailto:${staffEmail}`}>${staffEmail}</a>.</p>`;
  const subject = checkIn.reminder
    ? `${programName}: a reminder, how is your mentoring going?`
    : `${programName}: how is your mentoring going?`;
  return {
    to: email,
    ...layoutEmail({ subject, html: body, text, audience: 'applicant' }, program),
  };
}
