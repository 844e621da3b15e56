import type * as z from 'zod/mini';
import { menteeApplicationSchema } from './mentee.js';
import { mentorApplicationSchema } from './mentor.js';

/** The schema of each kind of application, by the `{type}` in its URL. */
export const applicationSchemas = {
  mentor: mentorApplicationSchema,
  mentee: menteeApplicationSchema,
} as const;

/** `mentor` or `mentee`. */
export type ApplicationType = keyof typeof applicationSchemas;

/** Any validated application. */
export type Application = z.output<(typeof applicationSchemas)[ApplicationType]>;

/** Narrows a path parameter to a known application type. */
export function isApplicationType(value: unknown): value is ApplicationType {
  return typeof value === 'string' && Object.hasOwn(applicationSchemas, value);
}
