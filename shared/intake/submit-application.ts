import type {
  ApplicationRepository,
  Environment,
  SingleUseToken,
} from '../applications/application-ports.js';
import type { Fingerprints } from '../applications/fingerprints.js';
import { newOutboxEmails } from '../applications/outbox.js';
import type { Application, ApplicationType } from '../applications/schemas/application-types.js';
import { type Receipt, receiptOf, type Submission } from '../applications/submission.js';

/** How long an identical resubmission is answered with the original receipt. */
export const REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;

// A retry follows a collision (a reference drawn twice, a concurrent writer); more than a
// handful means something else is wrong.
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
  | { kind: 'replayed'; receipt: Receipt }
  | { kind: 'token_used' };

/**
 * Saves a validated application exactly once, in one write whoever the applicant is. An
 * identical application within the replay window gets the original receipt; a different
 * one from the same address is saved too and answered like any other (the link between
 * them is derived when staff read it, and the daily email limit is applied when the
 * confirmation is sent), so neither the answer nor its timing tells who applied before.
 * A single-use form token is spent in the same write, and the emails it causes are saved
 * with it as outbox items (sent after the answer, by the stream-driven sender).
 */
export async function submitApplication(
  deps: { repository: ApplicationRepository; environment: Environment; fingerprints: Fingerprints },
  type: ApplicationType,
  application: Application,
  options: { formToken?: SingleUseToken; notifyStaff?: boolean; cycleId?: string } = {},
): Promise<SubmitResult> {
  const { repository, environment, fingerprints } = deps;
  const now = environment.now();
  const id = environment.newId();
  const contentKey = await fingerprints.contentKey(type, application);
  const applicantKey = await fingerprints.applicantKey(type, application.email);
  for (let attempt = 0; attempt < MAX_SAVE_ATTEMPTS; attempt++) {
    const submission: Submission = {
      id,
      reference: environment.newReference(),
      type,
      status: 'received',
      createdAt: now.toISOString(),
      application,
      ...(options.cycleId ? { cycleId: options.cycleId } : {}),
      confirmation: { state: 'pending', attempts: 0 },
      version: 1,
    };
    const outcome = await repository.create({
      submission,
      contentKey,
      applicantKey,
      replayUntil: new Date(now.getTime() + REPLAY_WINDOW_MS),
      formToken: options.formToken,
      emails: newOutboxEmails(submission, { notifyStaff: options.notifyStaff ?? false }),
    });
    if (outcome.kind === 'created') {
      return { kind: 'created', receipt: receiptOf(submission), submission };
    }
    if (outcome.kind !== 'retry') return outcome;
  }
  throw new SaveContended();
}
