import type { Application, ApplicationType } from '../schemas/application-types.js';
import { applicantKey, contentKey, emailKey } from './fingerprints.js';
import type { ApplicationRepository, Environment } from './ports.js';
import { type Receipt, receiptOf, type Submission } from './submission.js';

/** How long an identical resubmission is answered with the original receipt. */
export const REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** At most this many confirmations go to one address per UTC day, whatever is submitted. */
export const DAILY_CONFIRMATION_LIMIT = 3;

// A day's counter outlives its day, whatever the time zone of the clock that reads it.
const QUOTA_LIFETIME_MS = 2 * 24 * 60 * 60 * 1000;

// A retry follows a collision (a reference drawn twice, a concurrent writer) or learns about an
// earlier application or a spent daily limit; more than a handful means something else is wrong.
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
 * linked to the first by `duplicateOf`, and its receipt looks like any other. Past the
 * address's daily confirmation limit it is saved with its confirmation suppressed.
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

  // Optimistic: the first attempt assumes a first application with a free daily slot, so
  // the usual case is one write. The transaction's conditions say otherwise when they must:
  // an identical replay, an earlier application from the address, a spent daily limit.
  const id = environment.newId();
  let duplicateOf: string | undefined;
  let dailySlot = true;
  for (let attempt = 0; attempt < MAX_SAVE_ATTEMPTS; attempt++) {
    const submission: Submission = {
      id,
      reference: environment.newReference(),
      type,
      status: 'received',
      createdAt: now.toISOString(),
      application,
      ...(duplicateOf ? { duplicateOf } : {}),
      confirmation: { state: dailySlot ? 'pending' : 'suppressed', attempts: 0 },
      version: 1,
    };
    const outcome = await repository.create({
      submission,
      ...keys,
      replayUntil: new Date(now.getTime() + REPLAY_WINDOW_MS),
      ...(dailySlot
        ? {
            dailySlot: {
              emailKey: emailKey(application.email),
              day: now.toISOString().slice(0, 10),
              limit: DAILY_CONFIRMATION_LIMIT,
              expiresAt: new Date(now.getTime() + QUOTA_LIFETIME_MS),
            },
          }
        : {}),
    });
    if (outcome.kind === 'created') {
      return { kind: 'created', receipt: receiptOf(submission), submission };
    }
    if (outcome.kind === 'replayed') return { kind: 'replayed', receipt: outcome.receipt };
    if (outcome.reason === 'daily_limit') dailySlot = false;
    if (outcome.reason === 'applicant_exists' || outcome.reason === 'applicant_changed') {
      duplicateOf = await repository.findFirstApplicationId(keys.applicantKey);
    }
  }
  throw new SaveContended();
}
