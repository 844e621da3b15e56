import { labelledAnswers } from '../../applications/answers.js';
import type { Cycle } from '../../applications/cycles.js';
import { RETURNING_MENTOR_PATH } from '../../applications/invitation-link.js';
import { describeFields } from '../../applications/schemas/field-descriptions.js';
import { mentorApplicationSchema } from '../../applications/schemas/mentor.js';
import type { Submission } from '../../applications/submission.js';
import { FACTS_STYLE, facts } from '../../platform/html/facts.js';
import { linkRefusals, renderLinkPage, renderLinkProblem } from '../../platform/html/link-page.js';
import { html } from '../../platform/html/markup.js';
import { rawTextContent } from '../../platform/html/raw-text.js';
import type { FieldIssue } from '../../platform/http/field-issues.js';
import type { LinkRefusal } from '../../platform/signing/signed-fields.js';
import { formatLosAngelesTime } from '../../platform/text/los-angeles-time.js';
import { RECONFIRMED_FIELDS } from '../returning-mentor.js';

/** Who the page is for: the program's name and where to write. */
export interface ReturningMentorContext {
  programName: string;
  staffEmail: string;
}

const FIELDS = describeFields(mentorApplicationSchema);
const field = (name: (typeof RECONFIRMED_FIELDS)[number]) => {
  const found = FIELDS.get(name);
  if (!found) throw new Error(`The mentor form has no ${name} field`);
  return found;
};
const STAGES = field('menteeStages');
const CAPACITY = field('capacity');
const CONSENT = field('consent');

const layout = (title: string, context: ReturningMentorContext, body: unknown) =>
  renderLinkPage(title, context, body, html`<style ...${rawTextContent(FACTS_STYLE)}></style>`);

/** The mentor's earlier answers, as they go into the new application unchanged. */
const unchangedAnswers = (earlier: Submission) => {
  const asked = new Set(RECONFIRMED_FIELDS.map((name) => field(name).meta.title));
  return labelledAnswers('mentor', earlier.application)
    .filter(({ label }) => !asked.has(label))
    .map(({ label, answer }) => [label, answer || '(no answer)'] as const);
};

/**
 * The returning mentor's page: their earlier answers, and a form (no script) to confirm or
 * change how many mentees and which stages they take. Problems are listed first and beside
 * their fields, each tied to its control.
 */
export function renderReturningMentorPage(input: {
  earlier: Submission;
  cycle: Cycle;
  token: string;
  context: ReturningMentorContext;
  /** What was sent, when it is shown again with its problems. */
  chosen?: Record<string, unknown>;
  issues?: readonly FieldIssue[];
}): string {
  const { earlier, cycle, context } = input;
  const issues = input.issues ?? [];
  const problem = (name: string) =>
    issues.find((issue) => issue.path === name || issue.path.startsWith(`${name}.`))?.message;
  const others = issues.filter(
    (issue) => !RECONFIRMED_FIELDS.some((name) => issue.path.split('.')[0] === name),
  );
  const previous = earlier.application as Record<string, unknown>;
  const stages = (input.chosen?.menteeStages ?? previous.menteeStages ?? []) as string[];
  const capacity = input.chosen ? input.chosen.capacity : previous.capacity;
  const consented = input.chosen?.consent === true;
  const describedBy = (name: string, hint?: string) => {
    const ids = [hint, problem(name) ? `error-${name}` : undefined].filter(Boolean).join(' ');
    return {
      ...(ids ? { 'aria-describedby': ids } : {}),
      ...(problem(name) ? { 'aria-invalid': 'true' } : {}),
    };
  };
  const error = (name: string) =>
    problem(name) && html`<p class="error" id=${`error-${name}`}>${problem(name)}</p>`;
  const title = `Take part again in the ${cycle.name}`;

  const body = html`<h1>${title}</h1>
${
  issues.length > 0 &&
  html`<div class="summary" role="alert"><p>Please correct ${issues.length === 1 ? 'this' : 'these'} before confirming:</p>
<ul>${issues.map((issue) => {
    const name = issue.path.split('.')[0] ?? '';
    return others.includes(issue)
      ? html`<li>${issue.message}</li>`
      : html`<li><a href=${`#${name}`}>${issue.message}</a></li>`;
  })}</ul>
${others.length > 0 && html`<p>Some of your earlier answers no longer fit this year's form: <a href="/forms/mentor">apply with the full form</a> instead.</p>`}</div>`
}
<p>Thank you for mentoring with the ${context.programName}. Your answers from your application of ${formatLosAngelesTime(earlier.createdAt)} are below: confirm how many mentees you can take this time and at which stages, and they are sent again as your application for the ${cycle.name}. Applications close on ${formatLosAngelesTime(cycle.closesAt)}.</p>
<form method="post" action=${RETURNING_MENTOR_PATH} accept-charset="utf-8">
<input type="hidden" name="token" value=${input.token}/>
<fieldset class="field" id="menteeStages" ...${describedBy('menteeStages', 'hint-menteeStages')}>
<legend>${STAGES.meta.title}</legend>
<p class="hint" id="hint-menteeStages">Choose one or more.</p>
<div class="options">${Object.entries(STAGES.choices ?? {}).map(
    ([value, label]) =>
      html`<label class="option"><input type="checkbox" name="menteeStages" value=${value} checked=${stages.includes(value)}/> ${label}</label>`,
  )}</div>
${error('menteeStages')}
</fieldset>
<div class="field">
<label for="capacity">${CAPACITY.meta.title}</label>
<p class="hint" id="hint-capacity">From 1 to 5.</p>
<input type="number" id="capacity" name="capacity" inputmode="numeric" min="1" max="5" step="1" required value=${capacity === undefined ? '' : String(capacity)} ...${describedBy('capacity', 'hint-capacity')}/>
${error('capacity')}
</div>
<div class="field checkbox">
<label><input type="checkbox" id="consent" name="consent" required checked=${consented} ...${describedBy('consent')}/> ${CONSENT.meta.description ?? CONSENT.meta.title}</label>
${error('consent')}
</div>
<button type="submit">Confirm my place</button>
</form>
<h2>Your other answers, sent again</h2>
${facts(unchangedAnswers(earlier))}
<p>To change any of these, <a href="/forms/mentor">apply with the full form</a> instead.</p>
<p>Anyone with this page's link can see your answers: please do not forward it.</p>`;
  return layout(title, context, body);
}

const REFUSALS = linkRefusals<'gone'>('your invitation', {
  expired: {
    heading: 'This invitation has expired',
    lead: 'Invitations work until applications for their program close. To take part in a later program, apply from the association’s website when applications open.',
  },
  gone: {
    heading: 'This invitation is no longer valid',
    lead: 'The application it was made from is no longer held. To take part, apply with the full form.',
  },
});

/** The page for an invitation link we refuse, saying what the mentor can do instead. */
export function renderInvitationProblem(
  reason: LinkRefusal | 'gone',
  context: ReturningMentorContext,
): string {
  return renderLinkProblem(
    REFUSALS[reason],
    context,
    html`<style ...${rawTextContent(FACTS_STYLE)}></style>`,
  );
}

/** The page for an invitation already used: the application it made stands. */
export function renderAlreadyConfirmed(context: ReturningMentorContext): string {
  const heading = 'You have already confirmed';
  return layout(
    heading,
    context,
    html`<h1>${heading}</h1>
<p>This invitation was used to send your application already, and nothing more was saved. Your confirmation email has its reference and a link to your application, where you can see it or withdraw it.</p>`,
  );
}
