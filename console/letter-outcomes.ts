import { counted } from '../shared/platform/text/plural-words.js';
import type { LetterIssueReport } from '../shared/recognition/issue-letters.js';

const letters = { one: 'letter', other: 'letters' };
const mentors = { one: 'mentor', other: 'mentors' };

/**
 * What issuing did, in sentences a live region reads out: "Issued 2 letters, 1 of them
 * emailed. 1 mentor had a letter already." Mentors left out are named with why.
 */
export function letterOutcomeSentences(
  report: Pick<LetterIssueReport, 'results'>,
  nameOf: (id: string) => string,
): string[] {
  const of = <Outcome extends LetterIssueReport['results'][number]['outcome']>(outcome: Outcome) =>
    report.results.filter(
      (result): result is Extract<LetterIssueReport['results'][number], { outcome: Outcome }> =>
        result.outcome === outcome,
    );
  const issued = of('issued');
  const emailedWith = issued.filter((result) => result.emailed).length;
  const sentences: string[] = [];
  if (issued.length > 0) {
    sentences.push(
      `Issued ${counted(issued.length, letters)}${
        emailedWith > 0
          ? `, ${emailedWith.toLocaleString('en-US')} of them emailed with the mentor’s consent`
          : ''
      }.`,
    );
  }
  const emailed = of('emailed').length;
  if (emailed > 0) {
    sentences.push(
      `Emailed ${counted(emailed, letters)} issued before, the mentors having consented since.`,
    );
  }
  const already = of('already_issued').length;
  if (already > 0) {
    sentences.push(
      `${counted(already, mentors)} had a letter already: nothing was issued or emailed again.`,
    );
  }
  for (const result of of('not_eligible')) {
    sentences.push(`No letter for ${nameOf(result.id)}: ${result.message}`);
  }
  for (const result of [...of('not_found'), ...of('changed_meanwhile')]) {
    sentences.push(
      `No letter for ${nameOf(result.id)}: the application changed or was erased meanwhile. Reload and try again.`,
    );
  }
  const left = of('not_attempted').length;
  if (left > 0) {
    sentences.push(`${counted(left, mentors)} could not be reached in time: issue them again.`);
  }
  return sentences.length > 0 ? sentences : ['Nothing to issue.'];
}
