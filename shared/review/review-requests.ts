import * as z from 'zod/mini';
import { classifySearch } from '../applications/name-search.js';
import { REVIEW_STATUSES } from '../applications/review-workflow.js';
import { described, multiLineText, singleLineText } from '../applications/schemas/fields.js';
import { isSubmissionId } from '../applications/submission.js';
import { BULK_LIMITS } from './bulk-status-contract.js';
import { cycleIdParameter } from './cycle-requests.js';

const DAY = z.iso.date();
const INSTANT = z.iso.datetime({ offset: true });

/**
 * A date (`2026-03-20`, a real calendar date, taken as a whole UTC day) or an ISO 8601
 * instant with `Z` or an offset, as the instant it starts or ends. Nothing else: a loose
 * parser reads `March 7` or `' OR 1=1` as some day in 2001.
 */
function dateBound(edge: 'start' | 'end', title: string) {
  return described(
    z.pipe(
      z.string().check(
        z.maxLength(40),
        z.refine((value) => DAY.safeParse(value).success || INSTANT.safeParse(value).success, {
          message: `${title} must be a date like 2026-03-20 or an ISO 8601 time like 2026-03-20T17:00:00Z.`,
        }),
      ),
      z.transform((value: string) => {
        if (!DAY.safeParse(value).success) return new Date(value).toISOString();
        return `${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`;
      }),
    ),
    { title },
  );
}

/** A date range must not end before it starts (DynamoDB refuses such a BETWEEN). */
const fromNotAfterTo = z.refine<{ from?: string; to?: string }>(
  (filter) => filter.from === undefined || filter.to === undefined || filter.from <= filter.to,
  { message: 'from must not be after to.', path: ['from'] },
);

const filterFields = {
  type: z.optional(described(z.enum(['mentor', 'mentee']), { title: 'type' })),
  status: z.optional(described(z.enum(REVIEW_STATUSES), { title: 'status' })),
  from: z.optional(dateBound('start', 'from')),
  to: z.optional(dateBound('end', 'to')),
  cycle: cycleIdParameter(),
};

/** `GET /admin/submissions` query parameters; `q` is read as what it searches for (classifySearch). */
export const listQuerySchema = z
  .strictObject({
    ...filterFields,
    limit: z._default(
      described(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), {
        title: 'limit',
      }),
      25,
    ),
    cursor: z.optional(
      described(z.string().check(z.minLength(1), z.maxLength(512)), { title: 'cursor' }),
    ),
    q: z.optional(
      described(
        z.pipe(
          z
            .string()
            .check(
              z.trim(),
              z.minLength(1, 'q must not be empty: leave it out to list everything.'),
              z.maxLength(100, 'q must be at most 100 characters.'),
            ),
          z.transform((text: string, context) => {
            const query = classifySearch(text);
            if (query) return query;
            // Only marks (a lone combining accent) fold to nothing, and an empty prefix would
            // match every name: refused, so a search never quietly becomes the whole list.
            context.issues.push({
              code: 'custom',
              message:
                'q has nothing to search for once accents are set aside: type the start of a name, a reference or an email address.',
              input: text,
            });
            return z.NEVER;
          }),
        ),
        { title: 'q' },
      ),
    ),
  })
  .check(fromNotAfterTo)
  .check(
    z.refine((query) => query.q === undefined || query.cursor === undefined, {
      message: 'A search answers in one page: send q without cursor.',
      path: ['cursor'],
    }),
  );

/** `GET /admin/submissions/export.csv` query parameters. */
export const exportQuerySchema = z.strictObject(filterFields).check(fromNotAfterTo);

/** `PATCH /admin/submissions/{id}` body: only status and notes may change. */
export const submissionChangeSchema = z
  .strictObject({
    status: z.optional(described(z.enum(REVIEW_STATUSES), { title: 'status' })),
    notes: z.optional(multiLineText({ title: 'notes' }, { min: 0, max: 2000 })),
  })
  .check(
    z.refine((change) => change.status !== undefined || change.notes !== undefined, {
      message: 'Send status, notes or both.',
    }),
  );

/**
 * `POST /admin/submissions/status-changes` body: the applications to move (each once), the
 * status to move them to, and an optional note kept with each one's history entry.
 */
export const statusChangesSchema = z.strictObject({
  ids: described(
    z
      .array(
        z
          .string()
          .check(
            z.refine(isSubmissionId, 'Each of ids must be an application id (26 characters).'),
          ),
      )
      .check(
        z.minLength(1),
        z.maxLength(BULK_LIMITS.maxIds),
        z.refine((ids) => new Set(ids).size === ids.length, 'ids must name each application once.'),
      ),
    { title: 'ids' },
  ),
  status: described(z.enum(REVIEW_STATUSES), { title: 'status' }),
  note: z.optional(singleLineText({ title: 'note' }, { max: BULK_LIMITS.noteMaxLength })),
});
