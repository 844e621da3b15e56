import type { LinkRefusal } from '../platform/signing/signed-fields.js';
import { type AcceptedCycleLink, cycleLinks } from './cycle-link.js';
import type { EvaluationFacts } from './outbox.js';

/**
 * The link in an end-of-cycle evaluation email: it names the person's application and the
 * cycle it completed, under a purpose of its own (it never passes for an invitation, a
 * check-in or the applicant's page). It works until the evaluation closes.
 */
const PURPOSE = 'evaluation/v1';

/** The path of the evaluation page; the token goes in its query. */
export const EVALUATION_PATH = '/evaluation';

/** An evaluation link that checks out: whose evaluation, of which cycle, until when. */
export type AcceptedEvaluation = AcceptedCycleLink;

const links = cycleLinks(PURPOSE);

/** The token of an evaluation link: deterministic, so a retried email carries the same one. */
export function signEvaluationLink(secret: string, evaluation: AcceptedEvaluation): string {
  return links.sign(secret, evaluation);
}

/** Checks an evaluation link's token: ours, well formed, and not expired. */
export function verifyEvaluationLink(
  secret: string,
  token: unknown,
  now: Date,
): AcceptedEvaluation | LinkRefusal {
  return links.verify(secret, token, now);
}

/** An evaluation email's link: the evaluation page on `baseUrl`. */
export function evaluationLinkUrl(
  baseUrl: string,
  secret: string,
  applicationId: string,
  facts: EvaluationFacts,
): string {
  const token = signEvaluationLink(secret, {
    applicationId,
    cycleId: facts.cycleId,
    expiresAt: new Date(facts.answerableUntil),
  });
  return `${baseUrl.replace(/\/+$/, '')}${EVALUATION_PATH}?token=${token}`;
}
