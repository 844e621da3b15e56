import type { ConsoleField } from '../shared/review/console/console-settings.js';

/** An answer as staff read it: choices by their labels, yes/no, or the text as given. */
export function formatAnswer(field: ConsoleField, value: unknown): string {
  if (value === undefined || value === null || value === '') return 'Not given';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) {
    return value.length === 0
      ? 'None'
      : value.map((item) => field.choices?.[String(item)] ?? String(item)).join('; ');
  }
  return field.choices?.[String(value)] ?? String(value);
}

const LOS_ANGELES = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'America/Los_Angeles',
});

/** A time as staff in Los Angeles read it. */
export function formatTime(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : LOS_ANGELES.format(time);
}

const LOS_ANGELES_DAY = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeZone: 'America/Los_Angeles',
});

/** A day as staff in Los Angeles read it: "Dec 3, 2026". */
export function formatDay(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : LOS_ANGELES_DAY.format(time);
}

/** A confirmation email's state as a word staff read: Sent, Pending, Suppressed… */
export function stateLabel(state: string): string {
  return `${state.charAt(0).toUpperCase()}${state.slice(1)}`;
}
