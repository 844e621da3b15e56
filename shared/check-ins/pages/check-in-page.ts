import { CHECK_IN_PATH } from '../../applications/check-in-link.js';
import { formProblems } from '../../platform/html/form-problems.js';
import { linkRefusals, renderLinkPage, renderLinkProblem } from '../../platform/html/link-page.js';
import { html } from '../../platform/html/markup.js';
import type { LinkRefusal } from '../../platform/signing/signed-fields.js';
import { formatLosAngelesTime } from '../../platform/text/los-angeles-time.js';
import { type CheckInAnswer, type CheckInProblem, NOTE_MAX_LENGTH } from '../check-in-answer.js';

/** Who the page is for: the program's name and where to write. */
export interface CheckInContext {
  programName: string;
  staffEmail: string;
}

const RATINGS: ReadonlyArray<[string, string]> = [
  ['1', '1: not well'],
  ['2', '2'],
  ['3', '3: all right'],
  ['4', '4'],
  ['5', '5: very well'],
];

const layout = (title: string, context: CheckInContext, body: unknown) =>
  renderLinkPage(title, context, body);

/** What the form shows: what was just sent (with its problems), else the saved answer. */
export interface CheckInFormValues {
  met?: string;
  meetings?: string;
  rating?: string;
  contactStaff?: string;
  note?: string;
}

/** The saved answer as the form's values. */
export function formValuesOf(answer: CheckInAnswer | undefined): CheckInFormValues {
  if (!answer) return {};
  return {
    met: answer.met ? 'yes' : 'no',
    meetings: answer.met ? String(answer.meetings) : '',
    rating: String(answer.rating),
    contactStaff: answer.contactStaff ? 'yes' : 'no',
    note: answer.note ?? '',
  };
}

/**
 * The check-in page: four short questions in a form that posts without script; problems
 * listed first and beside their fields. Nothing here is shown to the other person.
 */
export function renderCheckInPage(input: {
  token: string;
  number: number;
  answerableUntil: Date;
  values: CheckInFormValues;
  context: CheckInContext;
  problems?: readonly CheckInProblem[];
  /** Just saved: say so above the form. */
  saved?: boolean;
  /** When the saved answer was given, if there is one. */
  answeredAt?: string;
}): string {
  const { values, context } = input;
  const problems = input.problems ?? [];
  const { aria, error, summary } = formProblems(problems);
  const radios = (name: string, options: ReadonlyArray<[string, string]>) =>
    options.map(
      ([value, label], index) =>
        html`<label class="option"><input type="radio" name=${name} value=${value} id=${index === 0 ? name : undefined} checked=${values[name as keyof CheckInFormValues] === value} required/> ${label}</label>`,
    );
  const title = `How is your mentoring going?`;
  const until = formatLosAngelesTime(input.answerableUntil.toISOString());
  const body = html`<h1>${title}</h1>
${input.saved && html`<p class="notice" role="status">Thank you: your answers are saved. Program staff read them; your match does not see them.</p>`}
${summary}
<p>This is check-in ${input.number} of the ${context.programName}. It takes a minute. Your answers go to program staff only: the person you are matched with never sees them. ${
    input.answeredAt
      ? `You answered on ${formatLosAngelesTime(input.answeredAt)}; you can change your answers until ${until}.`
      : `You can answer, and change your answers, until ${until}.`
  }</p>
<form method="post" action=${CHECK_IN_PATH} accept-charset="utf-8">
<input type="hidden" name="token" value=${input.token}/>
<fieldset class="field" ...${aria('met')}>
<legend>Have you met?</legend>
<div class="options">${radios('met', [
    ['yes', 'Yes'],
    ['no', 'Not yet'],
  ])}</div>
${error('met')}
</fieldset>
<div class="field">
<label for="meetings">If you have met, how many times?</label>
<p class="hint" id="hint-meetings">In person, by phone or by video, since you were introduced.</p>
<input type="number" id="meetings" name="meetings" inputmode="numeric" min="1" max="99" step="1" value=${values.meetings ?? ''} ...${aria('meetings', 'hint-meetings')}/>
${error('meetings')}
</div>
<fieldset class="field" ...${aria('rating')}>
<legend>How is it going?</legend>
<div class="options">${radios('rating', RATINGS)}</div>
${error('rating')}
</fieldset>
<fieldset class="field" ...${aria('contactStaff')}>
<legend>Would you like program staff to contact you?</legend>
<div class="options">${radios('contactStaff', [
    ['yes', 'Yes, please get in touch'],
    ['no', 'No, thank you'],
  ])}</div>
${error('contactStaff')}
</fieldset>
<div class="field">
<label for="note">A note to program staff (optional)</label>
<p class="hint" id="hint-note">Up to ${NOTE_MAX_LENGTH} characters. Only staff read it.</p>
<textarea id="note" name="note" rows="4" maxlength=${NOTE_MAX_LENGTH} ...${aria('note', 'hint-note')}>${values.note ?? ''}</textarea>
${error('note')}
</div>
<button type="submit">Send my check-in</button>
</form>
<p>Anyone with this page's link can answer for you: please do not forward it.</p>`;
  return layout(title, context, body);
}

const REFUSALS = linkRefusals<'ended'>('your check-in email', {
  expired: {
    heading: 'This check-in has closed',
    lead: 'Each check-in can be answered until the next one opens. Watch for the next email, or write to program staff.',
  },
  ended: {
    heading: 'This match has ended',
    lead: 'There is nothing more to answer for it. Thank you for taking part.',
  },
});

/** The page for a check-in link we refuse, or one whose match has ended. */
export function renderCheckInProblem(
  reason: LinkRefusal | 'ended',
  context: CheckInContext,
): string {
  return renderLinkProblem(REFUSALS[reason], context);
}
