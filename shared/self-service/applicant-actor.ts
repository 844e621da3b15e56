import type { Actor } from '../applications/submission.js';

/** The applicant acting on their own application, as history and tombstones record them. */
export const APPLICANT_ACTOR: Actor = { sub: 'applicant' };

/** True when a change was made by the applicant themselves (through their link). */
export function isApplicant(actor: Actor): boolean {
  return actor.sub === APPLICANT_ACTOR.sub;
}
