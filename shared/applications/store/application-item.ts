import type { Item } from '../../platform/table/dynamodb-values.js';
import { TABLE_DESIGN } from '../../platform/table/table-design.js';
import type { TableWrite } from '../../platform/table/table-gateway.js';
import { nameSearchEntries } from '../name-search.js';
import type { EmailKind, OutboxEmail } from '../outbox.js';
import type { MatchView, Submission } from '../submission.js';

const { indexes } = TABLE_DESIGN;

export type { Item };

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
  /** An outbox email lives beside its application, so one Query reads both. */
  email: (applicationId: string, kind: EmailKind) => ({
    pk: `APPLICATION#${applicationId}`,
    sk: `${EMAIL_SORT_PREFIX}${kind}`,
  }),
  /** A name's search entry, beside its application so erasure's Query finds it. */
  nameEntry: (applicationId: string, order: NameOrder) => ({
    pk: `APPLICATION#${applicationId}`,
    sk: `NAME#${order}`,
  }),
  sesMessage: (messageId: string) => ({ pk: `SES_MESSAGE#${messageId}`, sk: 'SES_MESSAGE' }),
  /** A person's answer to one check-in of a match, beside their application (erased with it). */
  checkInAnswer: (applicationId: string, matchId: string, number: number) => ({
    pk: `APPLICATION#${applicationId}`,
    sk: `${CHECK_IN_SORT_PREFIX}${matchId}#${number}`,
  }),
  /** Staff's follow-up on a match, beside the mentee's application (erased with it). */
  followUp: (menteeId: string, matchId: string, at: string) => ({
    pk: `APPLICATION#${menteeId}`,
    sk: `${FOLLOW_UP_SORT_PREFIX}${matchId}#${at}`,
  }),
  /** A person's end-of-cycle evaluation, beside their application (erased with it). */
  evaluation: (applicationId: string) => ({
    pk: `APPLICATION#${applicationId}`,
    sk: EVALUATION_SORT_KEY,
  }),
  suppressedAddress: (emailKey: string) => ({ pk: `SUPPRESSED#${emailKey}`, sk: 'SUPPRESSED' }),
  /**
   * A mentor's letter of recognition for one cycle, beside their application (erased with
   * it): one per mentor per cycle, so a second issue finds it in place.
   */
  letter: (mentorId: string, cycleId: string) => ({
    pk: `APPLICATION#${mentorId}`,
    sk: `${LETTER_SORT_PREFIX}${cycleId}`,
  }),
};

/** Which way round a name's search entry is written. */
export type NameOrder = 'first-last' | 'last-first';
/** Both search entries of every application. */
export const NAME_ORDERS: readonly NameOrder[] = ['first-last', 'last-first'];

/** The partition value of every name search entry (byName index). */
export const NAMED = 'NAME';

/**
 * The two search entries of a new application (byName index): its normalised name both
 * ways round, then its id, so equal names stay distinct and the id is read from the key.
 */
export function nameSearchItems(submission: Submission): Record<string, unknown>[] {
  const { firstName, lastName } = submission.application;
  const entries = nameSearchEntries(firstName, lastName);
  return NAME_ORDERS.map((order, index) => ({
    ...itemKeys.nameEntry(submission.id, order),
    entity: 'name-search',
    [indexes.byName.partitionKey]: NAMED,
    [indexes.byName.sortKey]: `${entries[index]}#${submission.id}`,
  }));
}

/** The application id a byName key ends with. */
export function idOfNameKey(nameKey: string): string {
  return nameKey.slice(nameKey.lastIndexOf('#') + 1);
}

/** The sort key prefix of check-in answers in an application's partition. */
export const CHECK_IN_SORT_PREFIX = 'CHECKIN#';

/** The sort key of a person's end-of-cycle evaluation (one per application: one cycle). */
export const EVALUATION_SORT_KEY = 'EVALUATION';

/** The sort key prefix of staff's follow-ups on a match, in the mentee's partition. */
export const FOLLOW_UP_SORT_PREFIX = 'FOLLOWUP#';

/** The sort key prefix of letters of recognition, in the mentor's partition. */
export const LETTER_SORT_PREFIX = 'LETTER#';

/** The sort key prefix of outbox emails: the stream's filter and the sender read it. */
export const EMAIL_SORT_PREFIX = 'EMAIL#';

/** The stored item of an outbox email, in the sweeper's queue while pending. */
export function emailItem(email: OutboxEmail): Record<string, unknown> {
  const { applicationId, kind } = email;
  return {
    ...itemKeys.email(applicationId, kind),
    entity: 'email',
    ...email,
    ...(email.state === 'pending' && email.dueAt
      ? {
          [indexes.pendingEmails.partitionKey]: PENDING,
          [indexes.pendingEmails.sortKey]: dueKey(email.dueAt, applicationId, kind),
        }
      : {}),
  };
}

/**
 * The transaction item that writes a new outbox email: every write that makes an email
 * pending is one of these. The table's stream is KEYS_ONLY and the sender's event source
 * mapping passes only INSERTs (infra/email-stream.ts), so an email must be pending under a
 * key never used before: a Put over an existing item arrives as a MODIFY, is filtered out,
 * and the email would wait minutes for the sweeper. The condition makes a reused key fail
 * the whole write instead of silently taking that slow path.
 */
export function newEmailPut(email: OutboxEmail): TableWrite {
  return {
    Put: {
      Item: emailItem(email),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The pendingEmails sort key: due time first, then which email. */
export function dueKey(dueAt: string, applicationId: string, kind: EmailKind): string {
  return `${dueAt}#${applicationId}#${kind}`;
}

/** The outbox email an item holds (keys and index attributes dropped). */
export function toOutboxEmail(item: Item): OutboxEmail {
  const {
    pk: _pk,
    sk: _sk,
    entity: _entity,
    [indexes.pendingEmails.partitionKey]: _pending,
    [indexes.pendingEmails.sortKey]: _due,
    ...email
  } = item;
  return email as unknown as OutboxEmail;
}

/** The application ids an applicant guard item holds (a string set; absent when none). */
export function applicationIdsOf(guard: Item | undefined): string[] {
  const ids = guard?.applicationIds;
  return ids instanceof Set ? [...ids].map(String) : [];
}

/** The partition value of every email waiting to be sent (pendingEmails index). */
export const PENDING = 'PENDING';

/** The partition value of every listed (not erased) application in the byDate index. */
export const LISTED = 'APPLICATION';

/**
 * The stored item of a new submission, listed by date. Its emails are items of their own
 * (emailItem); the confirmation's state is read from there.
 */
export function applicationItem(submission: Submission): Record<string, unknown> {
  const { confirmation: _fromItsOutboxItem, ...stored } = submission;
  return {
    ...itemKeys.application(submission.id),
    entity: 'application',
    ...stored,
    email: submission.application.email,
    [indexes.byDate.partitionKey]: LISTED,
    [indexes.byDate.sortKey]: `${submission.createdAt}#${submission.id}`,
  };
}

/** What staff see of a confirmation: its state and history, not the sender's bookkeeping. */
export function confirmationView(email: OutboxEmail | undefined): Submission['confirmation'] {
  if (!email) return { state: 'pending', attempts: 0 };
  const { state, attempts, messageId, lastAttemptAt, lastError, suppressedBecause } = email;
  return {
    state,
    attempts,
    ...(messageId ? { messageId } : {}),
    ...(lastAttemptAt ? { lastAttemptAt } : {}),
    ...(lastError ? { lastError } : {}),
    ...(suppressedBecause ? { suppressedBecause } : {}),
  };
}

/**
 * The domain view of a stored application item (table keys and index attributes dropped),
 * with its confirmation's state from the confirmation's outbox item when given.
 */
export function toSubmission(item: Item, confirmation?: OutboxEmail): Submission {
  const {
    id,
    reference,
    type,
    status,
    createdAt,
    application,
    version,
    updatedAt,
    notes,
    history,
    expiresAt,
    cycleId,
    priority,
    excludedMentors,
    carriedOverFrom,
  } = item as unknown as Submission & { expiresAt?: number };
  return {
    id,
    reference,
    type,
    status,
    createdAt,
    application,
    ...(cycleId ? { cycleId } : {}),
    ...(priority ? { priority } : {}),
    ...(excludedMentors?.length ? { excludedMentors } : {}),
    ...(carriedOverFrom ? { carriedOverFrom } : {}),
    confirmation: confirmationView(confirmation),
    version,
    ...(updatedAt ? { updatedAt } : {}),
    ...(notes !== undefined ? { notes } : {}),
    history: history ?? [],
    ...(expiresAt ? { deleteAfter: new Date(expiresAt * 1000).toISOString() } : {}),
  };
}

/** The items matching keeps, beside the applications. */
export const matchingKeys = {
  settings: () => ({ pk: 'MATCHING_SETTINGS', sk: 'SETTINGS' }),
  run: (id: string) => ({ pk: `MATCH_RUN#${id}`, sk: 'RUN' }),
  /**
   * One per matched mentee: a mentee has one (primary) mentor. A colleague brought in as a
   * second mentor has no guard of their own: the primary match's views name them instead.
   */
  menteeMatched: (menteeId: string) => ({ pk: `MATCHED#${menteeId}`, sk: 'MATCHED' }),
  /** The match as each application shows it, in the application's partition. */
  matchView: (applicationId: string, otherId: string) => ({
    pk: `APPLICATION#${applicationId}`,
    sk: `${MATCH_SORT_PREFIX}${otherId}`,
  }),
};

/** The sort key prefix of the match views in an application's partition. */
export const MATCH_SORT_PREFIX = 'MATCH#';

/** A match view item as staff read it. */
export function toMatchView(item: Item): MatchView {
  const {
    withId,
    withRole,
    approvedAt,
    approvedBy,
    score,
    runId,
    matchId,
    secondary,
    need,
    specialty,
    primaryMentorId,
    colleague,
    completedAt,
  } = item as unknown as MatchView;
  return {
    withId,
    withRole,
    approvedAt,
    approvedBy,
    score,
    ...(runId ? { runId } : {}),
    ...(matchId ? { matchId } : {}),
    ...(secondary ? { secondary } : {}),
    ...(need ? { need } : {}),
    ...(specialty ? { specialty } : {}),
    ...(primaryMentorId ? { primaryMentorId } : {}),
    ...(colleague
      ? { colleague: { mentorId: colleague.mentorId, matchId: colleague.matchId } }
      : {}),
    ...(completedAt ? { completedAt } : {}),
  };
}

/** True for a match view item of a colleague's (secondary) match, not the primary one's. */
export const isSecondaryView = (item: Item): boolean => item.secondary === true;
