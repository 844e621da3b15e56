import { labelledAnswers } from '../../applications/answers.js';
import type { Submission } from '../../applications/submission.js';
import { escapeHtml } from '../../platform/html/escape-html.js';
import type { OutgoingEmail, ProgramDetails } from '../delivery-ports.js';

/**
 * Tells program staff a new application arrived: reference, role, name and every answer.
 * It goes only to the staff address; replies go to the applicant. The subject carries no
 * applicant text, and everything in the HTML part is escaped.
 */
export function renderStaffNotification(
  submission: Submission,
  program: ProgramDetails,
): OutgoingEmail {
  const { firstName, lastName, email } = submission.application;
  const answers = labelledAnswers(submission.type, submission.application);
  const subject = `New ${submission.type} application ${submission.reference}`;
  const intro = `${firstName} ${lastName} applied as a ${submission.type} on ${submission.createdAt}.`;
  const text = [
    intro,
    `Reference: ${submission.reference}`,
    ...(submission.duplicateOf
      ? [`Same address applied before: application ${submission.duplicateOf}`]
      : []),
    '',
    ...answers.map(({ label, answer }) => `${label}: ${answer}`),
    '',
    `Replying to this email writes to the applicant. ${program.programName}`,
  ].join('\n');
  const e = escapeHtml;
  const rows = answers
    .map(
      ({ label, answer }) =>
        `<tr><th style="text-align:left;vertical-align:top;padding:4px 12px 4px 0">${e(label)}</th><td style="white-space:pre-wrap;padding:4px 0">${e(answer)}</td></tr>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;line-height:1.4;color:#1a1a1a">
<p>${e(intro)}</p>
<p>Reference: <strong>${e(submission.reference)}</strong>${
    submission.duplicateOf
      ? `<br>Same address applied before: application ${e(submission.duplicateOf)}`
      : ''
  }</p>
<table>
${rows}
</table>
<p>Replying to this email writes to the applicant. ${e(program.programName)}</p>
</body></html>
`;
  return { to: program.staffEmail, replyTo: email, subject, text, html };
}
