import type { ColleagueFacts } from '../../applications/outbox.js';
import { SPECIALTIES } from '../../applications/schemas/choices.js';
import type { Submission } from '../../applications/submission.js';
import { html } from '../../platform/html/markup.js';
import type { OutgoingEmail, ProgramDetails } from '../delivery-ports.js';
import { EmailHeading, layoutEmail } from './email-layout.js';
import { describe } from './introduction-email.js';

/** The three people a colleague's introduction names, as their applications say now. */
export interface ColleaguePeople {
  mentee: Submission;
  colleague: Submission;
  primaryMentor: Submission;
}

const fullName = (person: Submission) =>
  `${person.application.firstName} ${person.application.lastName}`;

/**
 * The introduction of a colleague brought in as a second mentor for a stated need: to the
 * mentee (meet the colleague) or to the colleague (meet the mentee), never to the primary
 * mentor. Both name both mentors and the need. Each gets the other's name and address (both
 * consented to sharing them with a match); the primary mentor is named, not their address
 * (they consented to sharing it with their mentee only).
 */
export function renderColleagueIntroductionEmail(
  recipient: Submission,
  people: ColleaguePeople,
  facts: ColleagueFacts,
  program: ProgramDetails,
): OutgoingEmail {
  const { programName, staffEmail } = program;
  const toMentee = recipient.id === people.mentee.id;
  const other = toMentee ? people.colleague : people.mentee;
  const otherName = fullName(other);
  const otherEmail = other.application.email;
  const about = describe(other);
  const primaryName = fullName(people.primaryMentor);
  const colleagueName = fullName(people.colleague);
  const specialty = facts.specialty
    ? (SPECIALTIES[facts.specialty as keyof typeof SPECIALTIES] ?? facts.specialty)
    : undefined;
  const need = specialty ? `${facts.need} (${specialty})` : facts.need;
  const lead = toMentee
    ? `We are glad to introduce a colleague who joins your mentoring in the ${programName} as a second mentor, beside your mentor, ${primaryName}:`
    : `Thank you for joining as a colleague, a second mentor in the ${programName}, for a mentee whose mentor is ${primaryName}. We are glad to introduce them:`;
  const why = toMentee
    ? `${colleagueName} joins for: ${need}. ${primaryName} stays your mentor; your check-ins stay with them.`
    : `You are asked to help with: ${need}. ${primaryName} stays their mentor and keeps the check-ins with them.`;
  // Both mentors by name in both emails: who is who, in one line.
  const mentors = `Mentors: ${primaryName} (mentor) and ${colleagueName} (colleague).`;
  const next = toMentee
    ? `Write to ${colleagueName} first to suggest a time, and tell ${primaryName} what you agree.`
    : `${other.application.firstName} will write to you first to suggest a time.`;
  const text = [
    `Dear ${recipient.application.firstName},`,
    '',
    lead,
    '',
    `  ${otherName}`,
    `  ${about}`,
    `  ${otherEmail}`,
    '',
    why,
    mentors,
    next,
    '',
    `Questions? Reply to this email or write to ${staffEmail}.`,
  ];
  const body = html`<p>Dear ${recipient.application.firstName},</p>
<p>${lead}</p>
<p><strong>${otherName}</strong><br/>${about}<br/><a href=${`mailto:${otherEmail}`}>${otherEmail}</a></p>
<${EmailHeading}>Why a colleague<//>
<p>${why}</p>
<p>${mentors}</p>
<p>${next}</p>
<p>Questions? Reply to this email or write to <a href=${`mailto:${staffEmail}`}>${staffEmail}</a>.</p>`;
  const subject = toMentee
    ? `${programName}: meet ${colleagueName}, a colleague beside your mentor ${primaryName}`
    : `${programName}: meet ${otherName}, ${primaryName}'s mentee, as their colleague`;
  return {
    to: recipient.application.email,
    ...layoutEmail({ subject, html: body, text, audience: 'applicant' }, program),
  };
}
