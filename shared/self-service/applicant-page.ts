import type { ComponentChildren } from 'preact';
import { labelledAnswers } from '../applications/answers.js';
import type { ReviewStatus } from '../applications/review-workflow.js';
import type { ApplicationType } from '../applications/schemas/application-types.js';
import type { Submission } from '../applications/submission.js';
import { FACTS_STYLE, facts } from '../platform/html/facts.js';
import { html } from '../platform/html/markup.js';
import { renderPage } from '../platform/html/page.js';
import { rawTextContent } from '../platform/html/raw-text.js';
import { formatLosAngelesTime } from '../platform/text/los-angeles-time.js';
import {
  APPLICANT_LINK_LIFETIME_DAYS,
  APPLICANT_PAGE_PATH,
  type LinkRefusal,
} from './applicant-link.js';
import { canWithdraw } from './applicant-requests.js';

/** What the applicant can do from their page. */
export type ApplicantAction = 'withdraw' | 'delete';

/** Who the page is for: the program's name and where to write. */
export interface ApplicantPageContext {
  programName: string;
  staffEmail: string;
}

const ROLE: Record<ApplicationType, string> = { mentor: 'Mentor', mentee: 'Mentee' };

const STATUS_WORDS: Record<ReviewStatus, (type: ApplicationType) => string> = {
  received: () => 'Received. Program staff have not started reviewing it yet.',
  under_review: () =>
    'Under review. Program staff are reviewing it; mentors and mentees are matched later in the year.',
  waitlisted: () =>
    'On the waiting list. Staff will consider it again when places open in the program.',
  matched: (type) =>
    `Matched. We have introduced you to your ${type === 'mentor' ? 'mentee' : 'mentor'} by email.`,
  declined: () => 'Not accepted this time. You are welcome to apply again next year.',
  withdrawn: () => 'Withdrawn. It will not be reviewed or matched.',
  completed: () =>
    'Completed. You took part to the end of the program year: thank you. Staff will write when the next one opens.',
};

const PAGE_STYLE = `${FACTS_STYLE}
.links .danger{background:#9b1c1c}
.links .secondary{background:#fff;color:#003a70;border:2px solid #003a70}
`;

/** Every applicant page in the site layout, with the styles these pages add. */
const renderApplicantLayout = (title: string, body: ComponentChildren) =>
  renderPage(title, body, html`<style ...${rawTextContent(PAGE_STYLE)}></style>`);

const pageUrl = (token: string, action?: ApplicantAction) =>
  `${APPLICANT_PAGE_PATH}${action ? `/${action}` : ''}?token=${encodeURIComponent(token)}`;

const contact = (context: ApplicantPageContext) =>
  html`<p>Questions? Write to <a href=${`mailto:${context.staffEmail}`}>${context.staffEmail}</a>.</p>`;

// Only a withdrawal comes back to this page: a deletion leaves nothing to show.
const WITHDRAWN_NOTICE = 'Your application is withdrawn. Program staff have been told.';

/** The applicant's own application: where it stands, what they sent, and what they can do. */
export function renderApplicantPage(input: {
  submission: Submission;
  token: string;
  linkExpiresAt: Date;
  context: ApplicantPageContext;
  /** Just withdrawn: say so above the facts. */
  justWithdrawn?: boolean;
}): string {
  const { submission, token, context } = input;
  const title = `Your ${submission.type} application ${submission.reference}`;
  const status = STATUS_WORDS[submission.status](submission.type);
  const deleteAfter =
    submission.status === 'withdrawn' && submission.deleteAfter
      ? ` It will be deleted on ${formatLosAngelesTime(submission.deleteAfter)}.`
      : '';
  const withdraw =
    canWithdraw(submission) &&
    html`<a href=${pageUrl(token, 'withdraw')}>Withdraw my application</a>`;
  const body = html`<h1>Your ${submission.type} application</h1>
${input.justWithdrawn && html`<p class="notice" role="status">${WITHDRAWN_NOTICE}</p>`}
${facts([
  ['Reference', submission.reference],
  ['Role', ROLE[submission.type]],
  ['Received', formatLosAngelesTime(submission.createdAt)],
  ['Status', `${status}${deleteAfter}`],
])}
<h2>What you sent</h2>
${facts(labelledAnswers(submission.type, submission.application).map(({ label, answer }) => [label, answer || '(no answer)']))}
<h2>Change your mind?</h2>
<p>${
    withdraw &&
    'Withdraw your application to leave the program: staff keep it, marked withdrawn, for their records until it is deleted. '
  }Delete your data to have your answers, name and contact details deleted now. Each asks you to confirm first.</p>
<div class="links">${withdraw}<a class="danger" href=${pageUrl(token, 'delete')}>Delete my data</a></div>
<p>This page's link works until ${formatLosAngelesTime(input.linkExpiresAt.toISOString())} (${APPLICANT_LINK_LIFETIME_DAYS} days after you applied). Anyone with it can see this page: please do not forward it.</p>
${contact(context)}`;
  return renderApplicantLayout(`${title} · ${context.programName}`, body);
}

const CONFIRM: Record<
  ApplicantAction,
  { heading: string; button: string; explain: (submission: Submission) => string }
> = {
  withdraw: {
    heading: 'Withdraw your application?',
    button: 'Yes, withdraw my application',
    explain: (submission) =>
      `Your ${submission.type} application ${submission.reference} will no longer be reviewed or matched${
        submission.status === 'matched'
          ? ', and your current match ends: program staff are told, and they let the other person know'
          : ''
      }. Staff keep it, marked withdrawn, until it is deleted at the end of the retention period. To take part again later, apply again.`,
  },
  delete: {
    heading: 'Delete your data?',
    button: 'Yes, delete my data',
    explain: (submission) =>
      `Your answers, name and contact details in ${submission.type} application ${submission.reference} will be deleted at once${
        submission.status === 'matched' ? ', and your current match ends' : ''
      }. This cannot be undone. Program staff keep only a note that an application existed and that you asked for its deletion; no email is sent to you about it.`,
  },
};

/** The confirmation step of an action: what it does, and a form that POSTs it. */
export function renderConfirmStep(input: {
  action: ApplicantAction;
  submission: Submission;
  token: string;
  context: ApplicantPageContext;
}): string {
  const { action, submission, token, context } = input;
  const step = CONFIRM[action];
  const body = html`<h1>${step.heading}</h1>
<p>${step.explain(submission)}</p>
<form method="post" action=${`${APPLICANT_PAGE_PATH}/${action}`}>
<input type="hidden" name="token" value=${token}/>
<div class="links"><button type="submit" class=${action === 'delete' ? 'danger' : undefined}>${step.button}</button>
<a class="secondary" href=${pageUrl(token)}>No, go back</a></div>
</form>
${contact(context)}`;
  return renderApplicantLayout(`${step.heading} · ${context.programName}`, body);
}

/** What is left to see once an application was deleted (by the applicant, staff, or time). */
export function renderDeletedPage(input: {
  erasedAt?: string;
  byApplicant: boolean;
  context: ApplicantPageContext;
}): string {
  const when = input.erasedAt ? ` on ${formatLosAngelesTime(input.erasedAt)}` : '';
  const lead = input.byApplicant
    ? `Your application was deleted at your request${when}. Your answers, name and contact details are gone, and this link no longer shows anything else.`
    : `This application is no longer held${when}: it was deleted.`;
  return renderApplicantLayout(
    `Application deleted · ${input.context.programName}`,
    html`<h1>Application deleted</h1>
<p>${lead}</p>
<p>To take part in the ${input.context.programName} again, apply again from the association's website.</p>
${contact(input.context)}`,
  );
}

const REFUSALS: Record<LinkRefusal, { heading: string; lead: string }> = {
  malformed: {
    heading: 'This link is incomplete',
    lead: 'The address is not the whole link from your confirmation email. Copy the entire link from the email, or click it there.',
  },
  forged: {
    heading: 'This link is not valid',
    lead: 'This is not a link we sent. Open the link in your confirmation email exactly as it is.',
  },
  expired: {
    heading: 'This link has expired',
    lead: `Links in confirmation emails work for ${APPLICANT_LINK_LIFETIME_DAYS} days after you apply. To withdraw your application or have your data deleted now, write to program staff, quoting your reference.`,
  },
};

/** The page for a link we refuse, saying what the person can do instead. */
export function renderLinkProblem(reason: LinkRefusal, context: ApplicantPageContext): string {
  const { heading, lead } = REFUSALS[reason];
  return renderApplicantLayout(
    `${heading} · ${context.programName}`,
    html`<h1>${heading}</h1>
<p>${lead}</p>
${contact(context)}`,
  );
}

/** The page when an email to the applicant is being sent at that very moment. */
export function renderTryAgain(retryAfterSeconds: number, context: ApplicantPageContext): string {
  return renderApplicantLayout(
    `Please try again in a moment · ${context.programName}`,
    html`<h1>Please try again in a moment</h1>
<p>An email to you is being sent right now. Go back and try again in ${retryAfterSeconds} seconds; nothing was changed.</p>
${contact(context)}`,
  );
}
