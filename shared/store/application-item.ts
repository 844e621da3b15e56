import { CONFIRMATION_GRACE_MS } from '../domain/confirmation-schedule.js';
import type { Submission } from '../domain/submission.js';
import { TABLE_DESIGN } from './table-design.js';

const { indexes } = TABLE_DESIGN;

/** A raw table item. */
export type Item = Record<string, unknown>;

/** The keys of every item kind: the only place that knows how items are addressed. */
export const itemKeys = {
  application: (id: string) => ({ pk: `APPLICATION#${id}`, sk: 'APPLICATION' }),
  reference: (reference: string) => ({ pk: `REFERENCE#${reference}`, sk: 'REFERENCE' }),
  replay: (contentKey: string) => ({ pk: `REPLAY#${contentKey}`, sk: 'REPLAY' }),
  applicant: (applicantKey: string) => ({ pk: `APPLICANT#${applicantKey}`, sk: 'APPLICANT' }),
  confirmationQuota: (emailKey: string, day: string) => ({
    pk: `CONFIRMATION_QUOTA#${emailKey}#${day}`,
    sk: 'QUOTA',
  }),
  formToken: (nonce: string) => ({ pk: `FORM_TOKEN#${nonce}`, sk: 'FORM_TOKEN' }),
};

/** The application ids an applicant guard item holds (a string set; absent when none). */
export function applicationIdsOf(guard: Item | undefined): string[] {
  const ids = guard?.applicationIds;
  return ids instanceof Set ? [...ids].map(String) : [];
}

/** The partition value of every submission waiting for its confirmation (pendingConfirmations index). */
export const PENDING = 'PENDING';

/** The partition value of every listed (not erased) application in the byDate index. */
export const LISTED = 'APPLICATION';

/** The stored item of a new submission: listed by date and pending its confirmation. */
export function applicationItem(submission: Submission): Record<string, unknown> {
  const key = `${submission.createdAt}#${submission.id}`;
  const firstDue = new Date(Date.parse(submission.createdAt) + CONFIRMATION_GRACE_MS).toISOString();
  return {
    ...itemKeys.application(submission.id),
    entity: 'application',
    ...submission,
    email: submission.application.email,
    [indexes.byDate.partitionKey]: LISTED,
    [indexes.byDate.sortKey]: key,
    // Only a pending confirmation joins the retry queue (a suppressed one never will).
    ...(submission.confirmation.state === 'pending'
      ? {
          [indexes.pendingConfirmations.partitionKey]: PENDING,
          [indexes.pendingConfirmations.sortKey]: `${firstDue}#${submission.id}`,
        }
      : {}),
  };
}

/** The domain view of a stored application item: table keys and index attributes dropped. */
export function toSubmission(item: Item): Submission {
  const {
    id,
    reference,
    type,
    status,
    createdAt,
    application,
    confirmation,
    version,
    updatedAt,
    notes,
    history,
    expiresAt,
  } = item as unknown as Submission & { expiresAt?: number };
  return {
    id,
    reference,
    type,
    status,
    createdAt,
    application,
    confirmation,
    version,
    ...(updatedAt ? { updatedAt } : {}),
    ...(notes !== undefined ? { notes } : {}),
    history: history ?? [],
    ...(expiresAt ? { deleteAfter: new Date(expiresAt * 1000).toISOString() } : {}),
  };
}
