import type { AddressProblem } from '../shared/applications/address-problems.js';
import { formatDay } from './answers.js';

/** Whose address it is: a side of a suggested pair, or the application staff have open. */
export type Whose = 'mentor' | 'mentee' | 'applicant';

const WHO: Record<Whose, string> = {
  mentor: 'The mentor',
  mentee: 'The mentee',
  applicant: 'This applicant',
};

const CONSEQUENCE: Record<Whose, string> = {
  mentor: 'the introduction will not reach them.',
  mentee: 'the introduction will not reach them.',
  applicant:
    'we no longer email this address, so introductions and other emails will not reach them.',
};

/**
 * What a bounce or complaint means, in words staff read (the state is never shown by colour
 * alone): what happened, on which day, and what it does to their emails. A complaint is
 * said as what the person did; "complained" alone means little outside email operations.
 */
export function addressProblemText(whose: Whose, problem: AddressProblem): string {
  const on = problem.since ? ` on ${formatDay(problem.since)}` : '';
  const what =
    problem.reason === 'bounced'
      ? `${WHO[whose]}'s email bounced${on} (the address does not accept mail)`
      : `${WHO[whose]} marked one of our emails as spam${on} (a complaint)`;
  return `${what} — ${CONSEQUENCE[whose]}`;
}
