import { csvRecord, UTF8_BOM } from '../platform/text/csv.js';
import type { OutcomesReport } from './outcomes-report.js';

const percent = (rate: number | null) => (rate === null ? '' : `${Math.round(rate * 100)}%`);
const decimal = (value: number | null) => (value === null ? '' : value.toFixed(2));

/**
 * The outcomes report as one CSV a spreadsheet opens: a section, a measure and its figures
 * per row. Every cell goes through csvCell, so a name starting with = is text, not a formula.
 */
export function outcomesCsv(report: OutcomesReport): string {
  const rows: string[][] = [['section', 'measure', 'value', 'of', 'share']];
  const { matches, evaluations } = report;
  rows.push(
    ['matches', 'made', String(matches.made), '', ''],
    ['matches', 'in place', String(matches.inPlace), '', ''],
    ['matches', 'completed', String(matches.completed), '', ''],
    ['matches', 'ended early', String(matches.endedEarly), '', ''],
    ...matches.endedEarlyBy.map((each) => [
      'ended early',
      each.label,
      String(each.matches),
      String(matches.endedEarly),
      percent(matches.endedEarly > 0 ? each.matches / matches.endedEarly : null),
    ]),
    ...report.checkIns.map((each) => [
      'check-in responses',
      `check-in ${each.number}`,
      String(each.answered),
      String(each.asked),
      percent(each.responseRate),
    ]),
    ...report.ratings.flatMap((each) => [
      [
        'average rating',
        `check-in ${each.number}, mentees`,
        decimal(each.mentees.average),
        String(each.mentees.answers),
        '',
      ],
      [
        'average rating',
        `check-in ${each.number}, mentors`,
        decimal(each.mentors.average),
        String(each.mentors.answers),
        '',
      ],
    ]),
    ...report.mentorMeetings.map((each) => [
      'mentor meetings',
      `${each.name} (${each.reference})`,
      String(each.meetings),
      `${each.mentees} mentee${each.mentees === 1 ? '' : 's'}`,
      '',
    ]),
    [
      'evaluations',
      'answered',
      String(evaluations.answered),
      String(evaluations.asked),
      percent(evaluations.responseRate),
    ],
    ...evaluations.takePartAgain.map((each) => [
      'would take part again',
      each.label,
      String(each.people),
      String(evaluations.answered),
      '',
    ]),
    [
      'would recommend their mentor',
      'yes',
      String(evaluations.recommendMentor.yes),
      String(evaluations.recommendMentor.yes + evaluations.recommendMentor.no),
      '',
    ],
    ...evaluations.gained.map((each) => [
      'gained',
      each.label,
      String(each.people),
      String(evaluations.answered),
      '',
    ]),
  );
  return UTF8_BOM + rows.map(csvRecord).join('');
}
