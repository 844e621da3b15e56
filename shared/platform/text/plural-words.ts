// English has two plural categories, and Intl knows which one a count takes.
const englishPlurals = new Intl.PluralRules('en-US');

/** A word or phrase in the form for one and the form for any other count. */
export interface WordForms {
  one: string;
  other: string;
}

/** The form that agrees with `count`: "mentor is" for 1, "mentors are" for 0 or 3. */
export function agreeing(count: number, forms: WordForms): string {
  return englishPlurals.select(count) === 'one' ? forms.one : forms.other;
}

/** A count with the form that agrees with it: "1 problem", "3 problems", "5,000 pairs". */
export function counted(count: number, forms: WordForms): string {
  return `${count.toLocaleString('en-US')} ${agreeing(count, forms)}`;
}
