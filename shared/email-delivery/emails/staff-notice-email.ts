import type { StaffNotice } from '../../applications/staff-notice.js';
import { html } from '../../platform/html/markup.js';
import { formatLosAngelesTime } from '../../platform/text/los-angeles-time.js';
import type { OutgoingEmail, ProgramDetails } from '../delivery-ports.js';
import { EmailHeading, layoutEmail } from './email-layout.js';

const STATUS_WORDS = {
  under_review: 'back under review, in the pool for the next matching run',
  matched: 'still matched with their other mentees',
} as const;

/**
 * Tells staff an applicant withdrew or deleted their own application. Rendered from the
 * notice's facts alone (references, roles, statuses): after a deletion there is nothing
 * else, and no personal data is needed to act on it.
 */
export function renderStaffNotice(notice: StaffNotice, program: ProgramDetails): OutgoingEmail {
  const role = `${notice.type} application`;
  const did = notice.action === 'withdrew' ? 'withdrew' : 'deleted';
  const lines = [
    `The applicant ${did} their ${role} ${notice.reference} themselves, from the link in their confirmation email, on ${formatLosAngelesTime(notice.at)}. Its status before: ${notice.previousStatus.replace('_', ' ')}.`,
    notice.action === 'withdrew'
      ? 'It is now withdrawn; the console shows it with its history, and it is deleted at the end of the retention period.'
      : 'Their answers and contact details are gone; the console keeps only that the application existed.',
  ];
  const matchLines = notice.endedMatches.map((match) => {
    // A mentee whose colleague left keeps their own mentor.
    const words =
      match.nowStatus === 'matched' && match.withRole === 'mentee'
        ? 'still matched with their mentor'
        : (STATUS_WORDS[match.nowStatus as keyof typeof STATUS_WORDS] ?? match.nowStatus);
    const now = `that applicant is ${words}`;
    const ended = match.colleague?.forReference
      ? `Mentor application ${match.withReference}, brought in as a colleague for their mentee ${match.colleague.forReference}, is no longer that mentee's colleague; ${now}.`
      : match.colleague
        ? `Their colleague match with ${match.withRole} application ${match.withReference} has ended; ${now}.`
        : `Their match with ${match.withRole} application ${match.withReference} has ended; ${now}.`;
    return `${ended} They have not been told: please write to them.`;
  });
  const text = [
    ...lines,
    ...(matchLines.length ? ['', 'The match is affected:', ...matchLines] : []),
  ];
  const body = html`${lines.map((line) => html`<p>${line}</p>`)}
${
  matchLines.length > 0 &&
  html`<${EmailHeading}>The match is affected<//>
<ul>${matchLines.map((line) => html`<li>${line}</li>`)}</ul>`
}`;

  const subject = `Applicant ${did} ${role} ${notice.reference}`;
  return {
    to: program.staffEmail,
    ...layoutEmail({ subject, html: body, text, audience: 'staff' }, program),
  };
}
