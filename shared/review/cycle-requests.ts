import * as z from 'zod/mini';
import { CYCLE_ID } from '../applications/cycles.js';
import { described } from '../applications/schemas/fields.js';
import { fromLosAngelesWallTime } from '../platform/text/los-angeles-time.js';

const DAY = z.iso.date();

/** A Los Angeles wall-clock time, as a datetime-local input gives it, read as its instant. */
function losAngelesTime(title: string) {
  return described(
    z.pipe(
      z.string().check(
        z.maxLength(16),
        z.refine((value) => fromLosAngelesWallTime(value) !== undefined, {
          message: `${title} must be a Los Angeles date and time like 2027-01-15T09:00.`,
        }),
      ),
      z.transform((value: string) => fromLosAngelesWallTime(value) as string),
    ),
    { title },
  );
}

function optionalDay(title: string) {
  return z.optional(
    described(
      z.string().check(
        z.refine((value) => DAY.safeParse(value).success, {
          message: `${title} must be a date like 2027-03-01.`,
        }),
      ),
      { title },
    ),
  );
}

/** `POST /admin/cycles` and `PUT /admin/cycles/{id}` bodies: a cycle's name and dates. */
export const cycleDetailsSchema = z.strictObject({
  name: described(
    z
      .string()
      .check(
        z.trim(),
        z.minLength(1, 'Give the cycle a name, such as 2027 Mentoring Program.'),
        z.maxLength(80, 'The name must be at most 80 characters.'),
      ),
    { title: 'name' },
  ),
  opensAt: losAngelesTime('opensAt'),
  closesAt: losAngelesTime('closesAt'),
  matchingOn: optionalDay('matchingOn'),
  startsOn: optionalDay('startsOn'),
  endsOn: optionalDay('endsOn'),
});

/** A `cycle` query parameter: the id of a cycle. */
export const cycleIdParameter = () =>
  z.optional(
    described(z.string().check(z.regex(CYCLE_ID, 'cycle must be the id of a cycle.')), {
      title: 'cycle',
    }),
  );

/** `GET /admin/dashboard` query: a cycle's id (or `none`); the current cycle by default. */
export const dashboardQuerySchema = z.strictObject({ cycle: cycleIdParameter() });
