import type { IntakeWindow } from '../../applications/cycles.js';
import { formatLosAngelesTime } from '../../platform/text/los-angeles-time.js';

const DAY = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
});
const day = (isoDay: string) => DAY.format(new Date(`${isoDay}T00:00:00Z`));

/** What follows the close of a cycle, from the dates it has: matching, the program's run. */
function whatHappensNext(cycle: IntakeWindow & { state: 'closed' }): string {
  const { matchingOn, startsOn, endsOn } = cycle.cycle;
  const parts: string[] = [];
  if (matchingOn) parts.push(`Mentees are matched with mentors on ${day(matchingOn)}.`);
  if (startsOn && endsOn) parts.push(`The program runs from ${day(startsOn)} to ${day(endsOn)}.`);
  else if (startsOn) parts.push(`The program starts on ${day(startsOn)}.`);
  parts.push('Applications for the next program will open here.');
  return parts.join(' ');
}

/**
 * Why the forms take no application now, in a sentence or two for an applicant; undefined
 * while they do.
 */
export function windowNotice(window: IntakeWindow): { title: string; text: string } | undefined {
  switch (window.state) {
    case 'always':
    case 'open':
      return undefined;
    case 'upcoming':
      return {
        title: `Applications open on ${formatLosAngelesTime(window.cycle.opensAt)}`,
        text: `Applications for the ${window.cycle.name} open on ${formatLosAngelesTime(window.cycle.opensAt)} and close on ${formatLosAngelesTime(window.cycle.closesAt)}.`,
      };
    case 'closed':
      return {
        title: `Applications for the ${window.cycle.name} are closed`,
        text: `Applications closed on ${formatLosAngelesTime(window.cycle.closesAt)}. ${whatHappensNext(window)}`,
      };
  }
}
