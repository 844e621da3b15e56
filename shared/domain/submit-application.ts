import type { Application, ApplicationType } from '../schemas/application-types.js';
import { applicantKey, contentKey } from './fingerprints.js';
import type { ApplicationRepository, Environment, NewSubmission } from './ports.js';
import { type Receipt, receiptOf, type Submission } from './submission.js';

/** How long an identical resubmission is answered with the original receipt. */
export const REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;

// Each retry re-reads the guards; more than a handful means something else is wrong.
const MAX_SAVE_ATTEMPTS = 5;

/** The save kept colliding (references, concurrent writers): nothing was saved. */
export class SaveContended extends Error {
  constructor() {
    super('The submission could not be saved after several attempts.');
    this.name = 'SaveContended';
  }
}

/** What submitting produced: the receipt, and whether it is a brand-new submission. */
export type SubmitResult =
  | { kind: 'created'; receipt: Receipt; submission: Submission }
  | { kind: 'replayed'; receipt: Receipt };

/**
 * Saves a validated application exactly once. An identical application within the replay
 * window gets the original receipt; a different one from the same address is saved and
 * linked to the first by `duplicateOf`, and its receipt looks like any other.
 */
export async function submitApplication(
  deps: { repository: ApplicationRepository; environment: Environment },
  type: ApplicationType,
  application: Application,
): Promise<SubmitResult> {
  const { repository, environment } = deps;
  const now = environment.now();
  const keys = {
    contentKey: contentKey(type, application),
    applicantKey: applicantKey(type, application.email),
  };

  const replay = await repository.findReplay(keys.contentKey, now);
  if (replay) return { kind: 'replayed', receipt: replay };

  const id = environment.newId();
  for (let attempt = 0; attempt < MAX_SAVE_ATTEMPTS; attempt++) {
    const duplicateOf = await repository.findFirstApplicationId(keys.applicantKey);
    const submission: Submission = {
      id,
      reference: environment.newReference(),
      type,
      status: 'received',
      createdAt: now.toISOString(),
      application,
      ...(duplicateOf ? { duplicateOf } : {}),
      confirmation: { state: 'pending', attempts: 0 },
      version: 1,
    };
    const save: NewSubmission = {
      submission,
      ...keys,
      replayUntil: new Date(now.getTime() + REPLAY_WINDOW_MS),
    };
    const outcome = await repository.create(save);
    if (outcome.kind === 'created') {
      return { kind: 'created', receipt: receiptOf(submission), submission };
    }
    if (outcome.kind === 'replayed') return { kind: 'replayed', receipt: outcome.receipt };
  }
  throw new SaveContended();
}
