import { html } from './markup.js';

/** One problem with one field of a posted form, in words a person reads. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * What a no-script form page shows of its problems: the list first (each linking to its
 * field), each message beside its field (`error-<field>`), and the attributes that tie a
 * field to its hint and its message for screen readers.
 */
export function formProblems(problems: readonly FieldProblem[]) {
  const problem = (field: string) => problems.find((each) => each.field === field)?.message;
  return {
    /** `aria-describedby` (the hint, then the message) and `aria-invalid` for a field. */
    aria(field: string, hint?: string) {
      const ids = [hint, problem(field) ? `error-${field}` : undefined].filter(Boolean).join(' ');
      return {
        ...(ids ? { 'aria-describedby': ids } : {}),
        ...(problem(field) ? { 'aria-invalid': 'true' } : {}),
      };
    },
    /** The message beside a field, when it has one. */
    error(field: string) {
      const message = problem(field);
      return message && html`<p class="error" id=${`error-${field}`}>${message}</p>`;
    },
    /** The list above the form, when there is anything to correct. */
    summary:
      problems.length > 0 &&
      html`<div class="summary" role="alert"><p>Please correct ${problems.length === 1 ? 'this' : 'these'}:</p>
<ul>${problems.map((each) => html`<li><a href=${`#${each.field}`}>${each.message}</a></li>`)}</ul></div>`,
  };
}
