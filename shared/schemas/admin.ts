import * as z from 'zod/mini';
import { REVIEW_STATUSES } from '../domain/review-workflow.js';
import { described, multiLineText } from './fields.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A date (`2026-03-20`, taken as UTC) or an ISO 8601 instant, as the instant it starts or ends. */
function dateBound(edge: 'start' | 'end', title: string) {
  return described(
    z.pipe(
      z.string().check(
        z.maxLength(40),
        z.refine((value) => !Number.isNaN(Date.parse(value)), {
          message: `${title} must be a date like 2026-03-20 or an ISO 8601 time.`,
        }),
      ),
      z.transform((value: string) => {
        if (!DAY.test(value)) return new Date(value).toISOString();
        return `${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`;
      }),
    ),
    { title },
  );
}

const filterFields = {
  type: z.optional(described(z.enum(['mentor', 'mentee']), { title: 'type' })),
  status: z.optional(described(z.enum(REVIEW_STATUSES), { title: 'status' })),
  from: z.optional(dateBound('start', 'from')),
  to: z.optional(dateBound('end', 'to')),
};

/** `GET /admin/submissions` query parameters. */
export const listQuerySchema = z.strictObject({
  ...filterFields,
  limit: z._default(
    described(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), { title: 'limit' }),
    25,
  ),
  cursor: z.optional(
    described(z.string().check(z.minLength(1), z.maxLength(512)), { title: 'cursor' }),
  ),
});

/** `GET /admin/submissions/export.csv` query parameters. */
export const exportQuerySchema = z.strictObject(filterFields);

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
