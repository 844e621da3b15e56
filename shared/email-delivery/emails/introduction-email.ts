import { CAREER_STAGES, SPECIALTIES } from '../../applications/schemas/choices.js';
import type { Submission } from '../../applications/submission.js';
import { escapeHtml } from '../../platform/html/escape-html.js';
import type { OutgoingEmail, ProgramDetails } from '../delivery-ports.js';

const EXPECTATIONS = [
  'Meet within the next three weeks: the mentee writes first to suggest a time.',
  'Plan on about an hour a month for the program year, in person or by video as you agreed.',
  'Keep what is shared between you confidential, and tell program staff if the match is not working.',
];

/** Who the other person is, in one line, from their answers (labels, not codes). */
function describe(other: Submission): string {
  const answers = other.application as unknown as Record<string, unknown>;
  if (other.type === 'mentor') {
    const specialty = SPECIALTIES[String(answers.specialty) as keyof typeof SPECIALTIES];
    return `${specialty ?? 'Physician'}, ${String(answers.institution ?? '')}`.replace(/, $/, '');
  }
  const stage = CAREER_STAGES[String(answers.careerStage) as keyof typeof CAREER_STAGES];
  return `${stage ?? 'Mentee'}, ${String(answers.schoolOrProgram ?? '')}`.replace(/, $/, '');
}

/**
 * The introduction to a match: who the other person is, how to reach them, and what the
 * program expects. Both applicants consented on the form to their name and address being
 * shared with their match; nothing else of the other's answers is sent. Escaped throughout.
 */
export function renderIntroductionEmail(
  recipient: Submission,
  other: Submission,
  program: ProgramDetails,
): OutgoingEmail {
  const { firstName, email } = recipient.application;
  const otherName = `${other.application.firstName} ${other.application.lastName}`;
  const role = other.type === 'mentor' ? 'mentor' : 'mentee';
  const subject = `${program.programName}: meet your ${role}, ${otherName}`;
  const about = describe(other);
  const text = [
    `Dear ${firstName},`,
    '',
    `We are glad to introduce your ${role} in the ${program.programName}:`,
    '',
    `  ${otherName}`,
    `  ${about}`,
    `  ${other.application.email}`,
    '',
    'What the program expects',
    ...EXPECTATIONS.map((line) => `- ${line}`),
    '',
    `Questions? Reply to this email or write to ${program.staffEmail}.`,
    '',
    program.programName,
    'Los Angeles County Medical Association',
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;line-height:1.5;color:#1a1a1a;max-width:36rem">
<p>Dear ${e(firstName)},</p>
<p>We are glad to introduce your ${e(role)} in the ${e(program.programName)}:</p>
<p><strong>${e(otherName)}</strong><br>${e(about)}<br><a href="mailto:${e(other.application.email)}">${e(other.application.email)}</a></p>
<h2 style="font-size:1.1em;color:#003a70">What the program expects</h2>
<ul>${EXPECTATIONS.map((line) => `<li>${e(line)}</li>`).join('')}</ul>
<p>Questions? Reply to this email or write to <a href="mailto:${e(program.staffEmail)}">${e(program.staffEmail)}</a>.</p>
<p>${e(program.programName)}<br>Los Angeles County Medical Association</p>
</body></html>
`;
  return { to: email, subject, text, html };
}
