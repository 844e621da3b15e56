import { labelledAnswers } from '../../applications/answers.js';
import type { Submission } from '../../applications/submission.js';
import { html } from '../../platform/html/markup.js';
import type { OutgoingEmail, ProgramDetails } from '../delivery-ports.js';
import { layoutEmail } from './email-layout.js';

/**
 * Tells program staff a new application arrived: reference, role, name and every answer.
 * It goes only to the staff address; replies go to the applicant. The subject carries no
 * applicant text.
 */
export function renderStaffNotification(
  submission: Submission,
  program: ProgramDetails,
): OutgoingEmail {
  const { firstName, lastName, email } = submission.application;
  const answers = labelledAnswers(submission.type, submission.application);
  const intro = `${firstName} ${lastName} applied as a ${submission.type} on ${submission.createdAt}.`;
  const duplicate =
    submission.duplicateOf && `Same address applied before: application ${submission.duplicateOf}`;
  const text = [
    intro,
    `Reference: ${submission.reference}`,
    ...(duplicate ? [duplicate] : []),
    '',
    ...answers.map(({ label, answer }) => `${label}: ${answer}`),
  ];
  const body = html`<p>${intro}</p>
<p>Reference: <strong>${submission.reference}</strong>${duplicate && html`<br/>${duplicate}`}</p>
<table>
${answers.map(
  ({ label, answer }) =>
    html`<tr><th style="text-align:left;vertical-align:top;padding:4px 12px 4px 0">${label}</th><td style="white-space:pre-wrap;padding:4px 0">${answer}</td></tr>`,
)}
</table>`;

  const subject = `New ${submission.type} application ${submission.reference}`;
  return {
    to: program.staffEmail,
    replyTo: email,
    ...layoutEmail(
      {
        subject,
        html: body,
        text,
        audience: 'staff',
        signOff: 'Replying to this email writes to the applicant.',
        body: 'report',
      },
      program,
    ),
  };
}
