// Built on first use and kept: constructing a formatter with a time zone is the costly part.
let losAngelesTime: Intl.DateTimeFormat | undefined;

/** An instant as the program's people read it: Los Angeles time, with its zone. */
export function formatLosAngelesTime(iso: string): string {
  losAngelesTime ??= new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'America/Los_Angeles',
    timeZoneName: 'short',
  });
  return losAngelesTime.format(new Date(iso));
}
