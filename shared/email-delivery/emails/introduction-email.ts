import { CAREER_STAGES, SPECIALTIES } from '../../applications/schemas/choices.js';
import type { Submission } from '../../applications/submission.js';
import { html } from '../../platform/html/markup.js';
import type { OutgoingEmail, ProgramDetails } from '../delivery-ports.js';
import { EmailHeading, layoutEmail } from './email-layout.js';

/** What the program expects of a match, said in each introduction. */
export const EXPECTATIONS = [
  'Meet within the next three weeks: the mentee writes first to suggest a time.',
  'Plan on about an hour a month for the program year, in person or by video as you agreed.',
  'Keep what is shared between you confidential, and tell program staff if the match is not working.',
];

/** Who the other person is, in one line, from their answers (labels, not codes). */
export function describe(other: Submission): string {
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
 * shared with their match; nothing else of the other's answers is sent.
 */
export function renderIntroductionEmail(
  recipient: Submission,
  other: Submission,
  program: ProgramDetails,
): OutgoingEmail {
  const { firstName, email } = recipient.application;
  const otherName = `${other.application.firstName} ${other.application.lastName}`;
  const otherEmail = other.application.email;
  const role = other.type === 'mentor' ? 'mentor' : 'mentee';
  const { programName, staffEmail } = program;
  const about = describe(other);
  const text = [
    `Dear ${firstName},`,
    '',
    `We are glad to introduce your ${role} in the ${programName}:`,
    '',
    `  ${otherName}`,
    `  ${about}`,
    `  ${otherEmail}`,
    '',
    'What the program expects',
    ...EXPECTATIONS.map((line) => `- ${line}`),
    '',
    `Questions? Reply to this email or write to ${staffEmail}.`,
  ];
  const body = html`<p>Dear ${firstName},</p>
<p>We are glad to introduce your ${role} in the ${programName}:</p>
<p><strong>${otherName}</strong><br/>${about}<br/><a href=${`mailto:${otherEmail}`}>${otherEmail}</a></p>
<${EmailHeading}>What the program expects<//>
<ul>${EXPECTATIONS.map((line) => html`<li>${line}</li>`)}</ul>
<p>Questions? Reply to this email or write to <a href=${`mailto:${staffEmail}`}>${staffEmail}</a>.</p>`;

  const subject = `${programName}: meet your ${role}, ${otherName}`;
  return {
    to: email,
    ...layoutEmail({ subject, html: body, text, audience: 'applicant' }, program),
  };
}
