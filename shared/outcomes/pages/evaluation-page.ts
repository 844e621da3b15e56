import { EVALUATION_PATH } from '../../applications/evaluation-link.js';
import { formProblems } from '../../platform/html/form-problems.js';
import { linkRefusals, renderLinkPage, renderLinkProblem } from '../../platform/html/link-page.js';
import { html } from '../../platform/html/markup.js';
import type { LinkRefusal } from '../../platform/signing/signed-fields.js';
import { formatLosAngelesTime } from '../../platform/text/los-angeles-time.js';
import {
  EVALUATION_NOTE_MAX_LENGTH,
  type Evaluation,
  type EvaluationProblem,
  GAINS,
  TAKE_PART_AGAIN,
} from '../evaluation.js';

/** Who the page is for: the program's name and where to write. */
export interface EvaluationContext {
  programName: string;
  staffEmail: string;
}

/** What the form shows: what was just sent (with its problems), else the saved evaluation. */
export interface EvaluationFormValues {
  takePartAgain?: string;
  gained?: readonly string[];
  note?: string;
  recommendMentor?: string;
  letterByEmail?: string;
}

const yesNo = (value: boolean | undefined) =>
  value === undefined ? undefined : value ? 'yes' : 'no';

/** The saved evaluation as the form's values. */
export function evaluationValuesOf(evaluation: Evaluation | undefined): EvaluationFormValues {
  if (!evaluation) return {};
  return {
    takePartAgain: evaluation.takePartAgain,
    gained: evaluation.gained,
    note: evaluation.note ?? '',
    ...(evaluation.recommendMentor !== undefined
      ? { recommendMentor: yesNo(evaluation.recommendMentor) }
      : {}),
    ...(evaluation.letterByEmail !== undefined
      ? { letterByEmail: yesNo(evaluation.letterByEmail) }
      : {}),
  };
}

/** A post read back into the form's values, to show it again with its problems. */
export function postedEvaluationValues(form: Record<string, unknown>): EvaluationFormValues {
  const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
  const gained = Array.isArray(form.gained) ? form.gained : [form.gained];
  return {
    takePartAgain: text('takePartAgain'),
    gained: gained.filter((each): each is string => typeof each === 'string'),
    note: text('note'),
    recommendMentor: text('recommendMentor'),
    letterByEmail: text('letterByEmail'),
  };
}

const layout = (title: string, context: EvaluationContext, body: unknown) =>
  renderLinkPage(title, context, body);

/**
 * The end-of-cycle evaluation: three or four questions in a form that posts without
 * script; problems listed first and beside their fields. Only program staff read it.
 */
export function renderEvaluationPage(input: {
  token: string;
  role: Evaluation['role'];
  firstName: string;
  answerableUntil: Date;
  values: EvaluationFormValues;
  context: EvaluationContext;
  problems?: readonly EvaluationProblem[];
  saved?: boolean;
  answeredAt?: string;
}): string {
  const { values, context, role } = input;
  const problems = input.problems ?? [];
  const { aria, error, summary } = formProblems(problems);
  const radios = (name: keyof EvaluationFormValues, options: ReadonlyArray<[string, string]>) =>
    options.map(
      ([value, label], index) =>
        html`<label class="option"><input type="radio" name=${name} value=${value} id=${index === 0 ? name : undefined} checked=${values[name] === value} required/> ${label}</label>`,
    );
  const yesNoField = (name: 'recommendMentor' | 'letterByEmail', legend: string, hint: string) =>
    html`<fieldset class="field" ...${aria(name, `hint-${name}`)}>
<legend>${legend}</legend>
<p class="hint" id=${`hint-${name}`}>${hint}</p>
<div class="options">${radios(name, [
      ['yes', 'Yes'],
      ['no', 'No'],
    ])}</div>
${error(name)}
</fieldset>`;
  const title = `How was your year in the program?`;
  const until = formatLosAngelesTime(input.answerableUntil.toISOString());
  const gained = new Set(values.gained ?? []);
  const body = html`<h1>${title}</h1>
${input.saved && html`<p class="notice" role="status">Thank you: your answers are saved. Only program staff read them.</p>`}
${summary}
<p>Dear ${input.firstName}, this year of the ${context.programName} has ended. Thank you for taking part as a ${role}. These questions take a minute; your answers help the association plan next year. ${
    input.answeredAt
      ? `You answered on ${formatLosAngelesTime(input.answeredAt)}; you can change your answers until ${until}.`
      : `You can answer, and change your answers, until ${until}.`
  }</p>
<form method="post" action=${EVALUATION_PATH} accept-charset="utf-8">
<input type="hidden" name="token" value=${input.token}/>
<fieldset class="field" ...${aria('takePartAgain')}>
<legend>Would you take part again?</legend>
<div class="options">${radios('takePartAgain', Object.entries(TAKE_PART_AGAIN))}</div>
${error('takePartAgain')}
</fieldset>
<fieldset class="field" ...${aria('gained', 'hint-gained')}>
<legend>What did you gain?</legend>
<p class="hint" id="hint-gained">Choose any that apply.</p>
<div class="options">${Object.entries(GAINS).map(
    ([value, label], index) =>
      html`<label class="option"><input type="checkbox" name="gained" value=${value} id=${index === 0 ? 'gained' : undefined} checked=${gained.has(value)}/> ${label}</label>`,
  )}</div>
${error('gained')}
</fieldset>
<div class="field">
<label for="note">Anything else you gained, or would change (optional)</label>
<p class="hint" id="hint-note">Up to ${EVALUATION_NOTE_MAX_LENGTH} characters. Only staff read it.</p>
<textarea id="note" name="note" rows="4" maxlength=${EVALUATION_NOTE_MAX_LENGTH} ...${aria('note', 'hint-note')}>${values.note ?? ''}</textarea>
${error('note')}
</div>
${
  role === 'mentee'
    ? yesNoField(
        'recommendMentor',
        'Would you recommend your mentor to another mentee?',
        'Your mentor does not see your answer.',
      )
    : yesNoField(
        'letterByEmail',
        'May we email you a letter of recognition from the association?',
        'A letter naming the program year, your mentees and the meetings you reported.',
      )
}
<button type="submit">Send my answers</button>
</form>
<p>Anyone with this page's link can answer for you: please do not forward it.</p>`;
  return layout(title, context, body);
}

const REFUSALS = linkRefusals<'gone'>('your email', {
  expired: {
    heading: 'This evaluation has closed',
    lead: 'The evaluation could be answered for a month after the program year ended. Write to program staff if you would still like to tell us something.',
  },
  gone: {
    heading: 'There is nothing to answer here',
    lead: 'This application is no longer held, or did not take part to the end of this program year.',
  },
});

/** The page for an evaluation link we refuse, or one with nothing to answer. */
export function renderEvaluationProblem(
  reason: LinkRefusal | 'gone',
  context: EvaluationContext,
): string {
  return renderLinkProblem(REFUSALS[reason], context);
}
