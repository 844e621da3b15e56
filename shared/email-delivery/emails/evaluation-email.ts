import type { EvaluationFacts } from '../../applications/outbox.js';
import type { Submission } from '../../applications/submission.js';
import { html } from '../../platform/html/markup.js';
import { formatLosAngelesTime } from '../../platform/text/los-angeles-time.js';
import type { OutgoingEmail, ProgramDetails } from '../delivery-ports.js';
import { EmailHeading, layoutEmail } from './email-layout.js';

/**
 * The end of the program year: thanks, and a short evaluation behind one link, answered
 * without an account. It names nobody else and echoes nothing anyone said.
 */
export function renderEvaluationEmail(
  submission: Submission,
  evaluation: EvaluationFacts,
  program: ProgramDetails,
  /** The evaluation page; without it (no public address configured) they reply instead. */
  evaluationUrl: string | undefined,
): OutgoingEmail {
  const { firstName, email } = submission.application;
  const { staffEmail, programName } = program;
  const until = formatLosAngelesTime(evaluation.answerableUntil);
  const thanks =
    evaluation.role === 'mentor'
      ? `${evaluation.cycleName} has ended. Thank you for giving your time and experience as a mentor.`
      : `${evaluation.cycleName} has ended. Thank you for taking part as a mentee.`;
  const ask =
    'Would you tell us how it went? Three short questions, about a minute; only program staff read your answers.';
  const text = [
    `Dear ${firstName},`,
    '',
    thanks,
    '',
    ask,
    '',
    ...(evaluationUrl
      ? [
          `Answer here: ${evaluationUrl}`,
          `You can answer, and change your answers, until ${until}. The link is yours alone: please do not forward this email.`,
        ]
      : ['Reply to this email to tell us.']),
    '',
    `Questions? Reply to this email or write to ${staffEmail}.`,
  ];
  const body = html`<p>Dear ${firstName},</p>
<p>${thanks}</p>
<p>${ask}</p>
${
  evaluationUrl
    ? html`<${EmailHeading}>Your evaluation<//>
<p><a href=${evaluationUrl} target="_blank" rel="noopener noreferrer">Tell us how it went</a>. You can answer, and change your answers, until ${until}.</p>
<p>The link is yours alone: please do not forward this email.</p>`
    : html`<p>Reply to this email to tell us.</p>`
}
<p>Questions? Reply to this email or write to <a href=${`mailto:${staffEmail}`}>${staffEmail}</a>.</p>`;
  return {
    to: email,
    ...layoutEmail(
      { subject: `${programName}: how was your year?`, html: body, text, audience: 'applicant' },
      program,
    ),
  };
}
