import * as z from 'zod';
import { REVIEW_STATUSES } from '../domain/review-workflow.js';
import { multiLineText } from './fields.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A date (`2026-03-20`, taken as UTC) or an ISO 8601 instant, as the instant it starts or ends. */
function dateBound(edge: 'start' | 'end', title: string) {
  return z
    .string()
    .max(40)
    .refine((value) => !Number.isNaN(Date.parse(value)), {
      message: `${title} must be a date like 2026-03-20 or an ISO 8601 time.`,
    })
    .transform((value) => {
      if (!DAY.test(value)) return new Date(value).toISOString();
      return `${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`;
    })
    .meta({ title });
}

const filterFields = {
  type: z.enum(['mentor', 'mentee']).meta({ title: 'type' }).optional(),
  status: z.enum(REVIEW_STATUSES).meta({ title: 'status' }).optional(),
  from: dateBound('start', 'from').optional(),
  to: dateBound('end', 'to').optional(),
};

/** `GET /admin/submissions` query parameters. */
export const listQuerySchema = z.strictObject({
  ...filterFields,
  limit: z.coerce.number().int().min(1).max(100).default(25).meta({ title: 'limit' }),
  cursor: z.string().min(1).max(512).meta({ title: 'cursor' }).optional(),
});

/** `GET /admin/submissions/export.csv` query parameters. */
export const exportQuerySchema = z.strictObject(filterFields);

/** `PATCH /admin/submissions/{id}` body: only status and notes may change. */
export const submissionChangeSchema = z
  .strictObject({
    status: z.enum(REVIEW_STATUSES).meta({ title: 'status' }).optional(),
    notes: multiLineText({ title: 'notes' }, { min: 0, max: 2000 }).optional(),
  })
  .refine((change) => change.status !== undefined || change.notes !== undefined, {
    message: 'Send status, notes or both.',
  });
