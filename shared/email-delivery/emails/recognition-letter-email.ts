import type { Submission } from '../../applications/submission.js';
import { html } from '../../platform/html/markup.js';
import { achievementSentence, type StoredLetter } from '../../recognition/index.js';
import type { OutgoingEmail, ProgramDetails } from '../delivery-ports.js';
import { layoutEmail } from './email-layout.js';

/**
 * A mentor's letter of recognition, sent because they asked for it at the end of the cycle:
 * a short note that says what the letter says, with the letter itself attached as the PDF
 * issued (the same file staff download).
 */
export function renderRecognitionLetterEmail(
  submission: Submission,
  letter: StoredLetter,
  program: ProgramDetails,
  /** The attachment's file name (shared/recognition's letterFileName). */
  fileName: string,
): OutgoingEmail {
  const { firstName, email } = submission.application;
  const { staffEmail, programName } = program;
  const thanks = `Thank you for mentoring in the ${letter.cycleName}. As you asked, here is your letter of recognition from the Los Angeles County Medical Association, attached as a PDF.`;
  const achieved = achievementSentence(letter);
  const text = [
    `Dear ${firstName},`,
    '',
    thanks,
    '',
    `It records that ${achieved.charAt(0).toLowerCase()}${achieved.slice(1)}`,
    '',
    `Should anything in it be wrong, reply to this email or write to ${staffEmail}.`,
  ];
  const body = html`<p>Dear ${firstName},</p>
<p>${thanks}</p>
<p>It records that ${achieved.charAt(0).toLowerCase()}${achieved.slice(1)}</p>
<p>Should anything in it be wrong, reply to this email or write to <a href=${`mailto:${staffEmail}`}>${staffEmail}</a>.</p>`;
  const subject = `${programName}: your letter of recognition for the ${letter.cycleName}`;
  return {
    to: email,
    ...layoutEmail(
      { subject, html: body, text, audience: 'applicant', signOff: 'With our thanks,' },
      program,
    ),
    attachments: [{ fileName, contentType: 'application/pdf', content: letter.pdf }],
  };
}
