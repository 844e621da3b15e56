import type { Submission } from '../../applications/submission.js';
import { escapeHtml } from '../../platform/html/escape-html.js';
import { formatLosAngelesTime } from '../../platform/text/los-angeles-time.js';
import { APPLICANT_LINK_LIFETIME_DAYS } from '../../self-service/index.js';
import type { OutgoingEmail, ProgramDetails } from '../delivery-ports.js';

const ROLE = {
  mentor: { applied: 'to be a mentor', noun: 'mentor application' },
  mentee: { applied: 'to be mentored', noun: 'mentee application' },
} as const;

/**
 * The applicant's confirmation. It greets them by first name and gives the reference and
 * next steps; it never echoes a free-text answer, so the form cannot relay a stranger's
 * message. Everything interpolated into the HTML part is escaped.
 */
export function renderConfirmationEmail(
  submission: Submission,
  program: ProgramDetails,
  /** The applicant's own page (see their answers, withdraw, delete), when there is one. */
  manageUrl?: string,
): OutgoingEmail {
  const role = ROLE[submission.type];
  const { firstName, email } = submission.application;
  const received = formatLosAngelesTime(submission.createdAt);
  const subject = `${program.programName}: we received your ${role.noun} (${submission.reference})`;

  const text = [
    `Dear ${firstName},`,
    '',
    `Thank you for applying ${role.applied} in the ${program.programName}. We have received your application.`,
    '',
    `Your reference: ${submission.reference}`,
    `Received: ${received}`,
    '',
    'What happens next',
    'Program staff review every application and match mentors and mentees later in the year. We will write to you at this address when we have news.',
    '',
    ...(manageUrl
      ? [
          'Your application',
          `See what you sent, withdraw your application or delete your data for ${APPLICANT_LINK_LIFETIME_DAYS} days after you applied: ${manageUrl}`,
          'The link is yours alone: please do not forward this email.',
          '',
        ]
      : []),
    `Questions or changes? Reply to this email or write to ${program.staffEmail}, quoting your reference.`,
    `Did not apply? Tell us at ${program.staffEmail} and we will delete this application.`,
    '',
    program.programName,
    'Los Angeles County Medical Association',
  ].join('\n');

  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;line-height:1.5;color:#1a1a1a;max-width:36rem">
<p>Dear ${e(firstName)},</p>
<p>Thank you for applying ${e(role.applied)} in the ${e(program.programName)}. We have received your application.</p>
<p>Your reference: <strong style="font-size:1.2em;letter-spacing:.05em">${e(submission.reference)}</strong><br>Received: ${e(received)}</p>
<h2 style="font-size:1.1em;color:#003a70">What happens next</h2>
<p>Program staff review every application and match mentors and mentees later in the year. We will write to you at this address when we have news.</p>
${
  manageUrl
    ? `<h2 style="font-size:1.1em;color:#003a70">Your application</h2>
<p><a href="${e(manageUrl)}" target="_blank" rel="noopener noreferrer">See what you sent, withdraw your application or delete your data</a> for ${APPLICANT_LINK_LIFETIME_DAYS} days after you applied. The link is yours alone: please do not forward this email.</p>
`
    : ''
}<p>Questions or changes? Reply to this email or write to <a href="mailto:${e(program.staffEmail)}">${e(program.staffEmail)}</a>, quoting your reference.<br>
Did not apply? Tell us at <a href="mailto:${e(program.staffEmail)}">${e(program.staffEmail)}</a> and we will delete this application.</p>
<p>${e(program.programName)}<br>Los Angeles County Medical Association</p>
</body></html>
`;
  return { to: email, subject, text, html };
}
