import type { Submission } from '../../applications/submission.js';
import { html } from '../../platform/html/markup.js';
import { formatLosAngelesTime } from '../../platform/text/los-angeles-time.js';
import { APPLICANT_LINK_LIFETIME_DAYS } from '../../self-service/index.js';
import type { OutgoingEmail, ProgramDetails } from '../delivery-ports.js';
import { EmailHeading, layoutEmail } from './email-layout.js';

const ROLE = {
  mentor: { applied: 'to be a mentor', noun: 'mentor application' },
  mentee: { applied: 'to be mentored', noun: 'mentee application' },
} as const;

/**
 * The applicant's confirmation. It greets them by first name and gives the reference and
 * next steps; it never echoes a free-text answer, so the form cannot relay a stranger's
 * message.
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
  const { staffEmail, programName } = program;
  const mailStaff = html`<a href=${`mailto:${staffEmail}`}>${staffEmail}</a>`;

  const text = [
    `Dear ${firstName},`,
    '',
    `Thank you for applying ${role.applied} in the ${programName}. We have received your application.`,
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
    `Questions or changes? Reply to this email or write to ${staffEmail}, quoting your reference.`,
    `Did not apply? Tell us at ${staffEmail} and we will delete this application.`,
  ];

  const body = html`<p>Dear ${firstName},</p>
<p>Thank you for applying ${role.applied} in the ${programName}. We have received your application.</p>
<p>Your reference: <strong style="font-size:1.2em;letter-spacing:.05em">${submission.reference}</strong><br/>Received: ${received}</p>
<${EmailHeading}>What happens next<//>
<p>Program staff review every application and match mentors and mentees later in the year. We will write to you at this address when we have news.</p>
${
  manageUrl &&
  html`<${EmailHeading}>Your application<//>
<p><a href=${manageUrl} target="_blank" rel="noopener noreferrer">See what you sent, withdraw your application or delete your data</a> for ${APPLICANT_LINK_LIFETIME_DAYS} days after you applied. The link is yours alone: please do not forward this email.</p>`
}
<p>Questions or changes? Reply to this email or write to ${mailStaff}, quoting your reference.<br/>
Did not apply? Tell us at ${mailStaff} and we will delete this application.</p>`;

  const subject = `${programName}: we received your ${role.noun} (${submission.reference})`;
  return {
    to: email,
    ...layoutEmail({ subject, html: body, text, audience: 'applicant' }, program),
  };
}
