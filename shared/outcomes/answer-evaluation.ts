import { type AcceptedEvaluation, verifyEvaluationLink } from '../applications/evaluation-link.js';
import type { LinkRefusal } from '../platform/signing/signed-fields.js';
import { type Evaluation, type EvaluationProblem, readEvaluationForm } from './evaluation.js';

/** A person's evaluation as the page reads it: for which role, and what they said. */
export interface EvaluationRecord {
  role: Evaluation['role'];
  firstName: string;
  evaluation?: Evaluation;
}

/** Storage for the evaluation page. */
export interface EvaluationAnswers {
  /**
   * The person's completed application of the link's cycle, and their evaluation; undefined
   * when it is gone (erased) or did not complete that cycle.
   */
  read(link: AcceptedEvaluation): Promise<EvaluationRecord | undefined>;
  save(link: AcceptedEvaluation, evaluation: Evaluation): Promise<void>;
}

/** What the evaluation page needs. */
export interface EvaluationPageDependencies {
  answers: EvaluationAnswers;
  linkSecret: string;
  now: () => Date;
}

/** Where an evaluation link leads. */
export type OpenedEvaluation =
  | { kind: 'refused'; reason: LinkRefusal }
  /** The application is gone, or never completed this cycle: nothing to answer. */
  | { kind: 'gone' }
  | { kind: 'open'; link: AcceptedEvaluation; record: EvaluationRecord };

/** Checks an evaluation link and the application it names. */
export async function openEvaluation(
  deps: EvaluationPageDependencies,
  token: unknown,
): Promise<OpenedEvaluation> {
  const link = verifyEvaluationLink(deps.linkSecret, token, deps.now());
  if (typeof link === 'string') return { kind: 'refused', reason: link };
  const record = await deps.answers.read(link);
  if (!record) return { kind: 'gone' };
  return { kind: 'open', link, record };
}

/** Saves the evaluation, replacing an earlier one (it can be changed until the link expires). */
export async function answerEvaluation(
  deps: EvaluationPageDependencies,
  opened: Extract<OpenedEvaluation, { kind: 'open' }>,
  form: Record<string, unknown>,
): Promise<
  { kind: 'saved'; evaluation: Evaluation } | { kind: 'invalid'; problems: EvaluationProblem[] }
> {
  const read = readEvaluationForm(opened.record.role, form, deps.now());
  if ('problems' in read) return { kind: 'invalid', problems: read.problems };
  await deps.answers.save(opened.link, read.evaluation);
  return { kind: 'saved', evaluation: read.evaluation };
}
