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

let losAngelesDate: Intl.DateTimeFormat | undefined;

/** The day an instant falls on in Los Angeles, as a letter is dated: "December 6, 2026". */
export function formatLosAngelesDate(iso: string): string {
  losAngelesDate ??= new Intl.DateTimeFormat('en-US', {
    dateStyle: 'long',
    timeZone: 'America/Los_Angeles',
  });
  return losAngelesDate.format(new Date(iso));
}

let offsetFormat: Intl.DateTimeFormat | undefined;

/** Los Angeles's offset from UTC at an instant, in minutes (-480 in winter, -420 in summer). */
function losAngelesOffsetMinutes(instantMs: number): number {
  offsetFormat ??= new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Los_Angeles',
    timeZoneName: 'longOffset',
  });
  const zone = offsetFormat.formatToParts(instantMs).find((part) => part.type === 'timeZoneName');
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(zone?.value ?? '');
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** The pattern of a wall-clock time as a datetime-local input gives it: `2027-01-15T09:00`. */
export const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The instant a Los Angeles wall-clock time names (`2027-01-15T09:00`), as ISO 8601 UTC;
 * undefined for anything else, or a date that does not exist. In the autumn's repeated hour
 * the earlier instant is taken; a time in the spring's skipped hour moves an hour on.
 */
export function fromLosAngelesWallTime(wallTime: string): string | undefined {
  const match = WALL_TIME.exec(wallTime);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23) {
    return undefined;
  }
  // Two passes: the offset at the first guess can differ from the offset at the answer.
  const first = asUtc - losAngelesOffsetMinutes(asUtc) * 60_000;
  const second = asUtc - losAngelesOffsetMinutes(first) * 60_000;
  const exact = [first, second].filter(
    (instant) => toLosAngelesWallTime(new Date(instant).toISOString()) === wallTime,
  );
  return new Date(exact.length > 0 ? Math.min(...exact) : Math.max(first, second)).toISOString();
}

let wallTimeFormat: Intl.DateTimeFormat | undefined;

/** An instant as a Los Angeles wall-clock time, the form a datetime-local input takes. */
export function toLosAngelesWallTime(iso: string): string {
  wallTimeFormat ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Los_Angeles',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const parts = Object.fromEntries(
    wallTimeFormat.formatToParts(new Date(iso)).map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The day an instant falls on in Los Angeles, as `YYYY-MM-DD` (a file name's date). */
export function losAngelesDay(at: Date): string {
  return toLosAngelesWallTime(at.toISOString()).slice(0, 10);
}
