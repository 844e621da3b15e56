import type { Fingerprints } from '../../applications/fingerprints.js';
import {
  type EmailKind,
  isStaffNoticeKind,
  recognitionLetterCycleOf,
} from '../../applications/outbox.js';
import type { StaffNotice } from '../../applications/staff-notice.js';
import {
  CHECK_IN_SORT_PREFIX,
  EMAIL_SORT_PREFIX,
  EVALUATION_SORT_KEY,
  FOLLOW_UP_SORT_PREFIX,
  type Item,
  itemKeys,
  LETTER_SORT_PREFIX,
  MATCH_SORT_PREFIX,
  NAME_ORDERS,
  newEmailPut,
} from '../../applications/store/application-item.js';
import type { ErasedSubmission, Submission } from '../../applications/submission.js';
import {
  matchEndingWrites,
  readMatchEnding,
  registerState,
  removeFromRuns,
  runErasureWrites,
} from '../../matching/index.js';
import { mapWithBoundedConcurrency } from '../../platform/bounded-concurrency.js';
import {
  isConditionFailure,
  isTransactionCancelled,
} from '../../platform/table/dynamodb-values.js';
import type { TableGateway, TableWrite } from '../../platform/table/table-gateway.js';
import { type Erasure, planErasure } from '../erasure.js';

/**
 * Erases a submission (see StaffRepository.erase): reads what the plan needs (the other
 * side of each match), takes the person out of every stored run, then commits the plan
 * (planErasure) in one conditional transaction; the applicant's guard goes afterwards if it
 * names no application any more.
 */
export async function eraseSubmissionItems(
  table: TableGateway,
  fingerprints: Fingerprints,
  request: {
    submission: Submission;
    tombstone: ErasedSubmission;
    now: Date;
    notice?: StaffNotice | undefined;
  },
): Promise<'erased' | 'changed_meanwhile'> {
  const { submission, tombstone, now, notice } = request;
  const { type, application, id } = submission;
  const applicant = itemKeys.applicant(await fingerprints.applicantKey(type, application.email));
  const replay = itemKeys.replay(await fingerprints.contentKey(type, application));
  const ending = await readMatchEnding(table, submission, tombstone.erasedAt, tombstone.erasedBy);
  const [answers, storedEmails] = await Promise.all([
    keptBesideKeys(table, id),
    storedEmailKinds(table, id),
  ]);
  const planned = planErasure(submission, tombstone, now, ending, notice);
  // A letter of recognition's email goes with the letter, in the transaction.
  const letterEmails = storedEmails.filter((kind) => recognitionLetterCycleOf(kind) !== undefined);
  const erasure = { ...planned, unsentEmails: [...planned.unsentEmails, ...letterEmails] };
  // The person's other emails, sent or not (check-ins, reminders, evaluations, invitations,
  // introductions of matches that ended before): ids, dates and a cycle's name, which the
  // sender would no longer send (the match has ended, the address is gone). They go after
  // the commit, so however many a long year made, the transaction stays within its 100
  // writes. A notice to staff stays beside the tombstone, to be sent once.
  const inTransaction = new Set<EmailKind>(erasure.unsentEmails);
  const afterwards = storedEmails.filter(
    (kind) => !inTransaction.has(kind) && !isStaffNoticeKind(kind),
  );
  // Out of every stored matching run first, so the erasure cannot commit with the person
  // still in one; a run saved meanwhile moves `runsSaved` and fails the commit (read again).
  const register = await registerState(table);
  await removeFromRuns(table, new Set([id]));
  const commit = [
    ...erasureWrites(erasure, { applicant, replay }),
    ...matchEndingWrites(erasure.ending.pairs),
    ...runErasureWrites(id, tombstone.erasedAt, register),
    // A deletion notice is written once, with the tombstone (an erased application
    // is never erased again), so its key is always new: the stream sends it at once.
    ...(erasure.notice ? [newEmailPut(erasure.notice)] : []),
  ];
  // The person's check-in answers and evaluation (their notes to staff among them), staff's
  // follow-ups on their match, their completed matches and their letters of recognition
  // (name, facts, PDF) go with them: in the same transaction as far as its 100 writes
  // allow, and any beyond (a long schedule over years) straight after it.
  const room = Math.max(0, TRANSACTION_WRITE_LIMIT - commit.length);
  const keptBeside = answers.map((Key) => ({ Delete: { Key } }));
  try {
    await table.transactWrite([...commit, ...keptBeside.slice(0, room)]);
  } catch (error) {
    if (isTransactionCancelled(error)) {
      return 'changed_meanwhile';
    }
    throw error;
  }
  await mapWithBoundedConcurrency(keptBeside.slice(room), 8, ({ Delete }) => table.delete(Delete));
  // One a sender holds (it may be sending it now) stays, ids only.
  await mapWithBoundedConcurrency(afterwards, 8, (kind) =>
    table
      .delete(emailDeleteUnlessLeased(id, kind, erasure.unlessLeasedAfter))
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      }),
  );
  // The person's last application for the role gone, their guard (a hash) goes too.
  await table
    .delete({
      Key: applicant,
      ConditionExpression: 'attribute_not_exists(applicationIds)',
    })
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
  return 'erased';
}

/**
 * The keys of what is kept beside a person's application about them: their check-in
 * answers, staff's follow-ups on their match, their end-of-cycle evaluation, their letters
 * of recognition, and their view of each completed match (a match in place or ended early
 * is removed with the pair's records instead, so it is never deleted twice).
 */
async function keptBesideKeys(table: TableGateway, applicationId: string): Promise<Item[]> {
  const { pk } = itemKeys.application(applicationId);
  const pages = await Promise.all([
    ...[CHECK_IN_SORT_PREFIX, FOLLOW_UP_SORT_PREFIX, EVALUATION_SORT_KEY, LETTER_SORT_PREFIX].map(
      (prefix) =>
        table.query({
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
        }),
    ),
    table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'attribute_exists(completedAt)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': MATCH_SORT_PREFIX },
      ProjectionExpression: 'pk, sk',
      ConsistentRead: true,
    }),
  ]);
  return pages.flatMap(({ Items = [] }) => Items.map((item) => ({ pk: item.pk, sk: item.sk })));
}

/** Deletes one of the person's emails unless a sender holds it beyond `unlessLeasedAfter`. */
function emailDeleteUnlessLeased(
  applicationId: string,
  kind: EmailKind,
  unlessLeasedAfter: string,
) {
  return {
    Key: itemKeys.email(applicationId, kind),
    ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil < :now',
    ExpressionAttributeValues: { ':now': unlessLeasedAfter },
  };
}

/** The most writes DynamoDB takes in one transaction. */
const TRANSACTION_WRITE_LIMIT = 100;

/** The kind of every outbox email stored in a person's partition. */
async function storedEmailKinds(table: TableGateway, applicationId: string): Promise<EmailKind[]> {
  const { Items = [] } = await table.query({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: {
      ':pk': itemKeys.application(applicationId).pk,
      ':prefix': EMAIL_SORT_PREFIX,
    },
    ProjectionExpression: 'sk',
    ConsistentRead: true,
  });
  return Items.map((item) => String(item.sk).slice(EMAIL_SORT_PREFIX.length) as EmailKind);
}

/** The application's own writes: its tombstone, its unsent emails and its guards. */
function erasureWrites(erasure: Erasure, guards: { applicant: Item; replay: Item }): TableWrite[] {
  const { submission, tombstone } = erasure;
  const { id } = submission;
  const deleteItem = (Key: Item): TableWrite => ({ Delete: { Key } });
  return [
    {
      // A Put replaces the whole item: every personal field and index attribute goes.
      Put: {
        Item: { ...itemKeys.application(id), entity: 'application', ...tombstone },
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': erasure.expectedVersion },
      },
    },
    // Every email not yet sent goes with it; not while a sender holds one, for it
    // may be sending right now (`changed_meanwhile`: read it again).
    ...erasure.unsentEmails.map((kind) => ({
      Delete: emailDeleteUnlessLeased(id, kind, erasure.unlessLeasedAfter),
    })),
    deleteItem(itemKeys.reference(submission.reference)),
    ...NAME_ORDERS.map((order) => deleteItem(itemKeys.nameEntry(id, order))),
    deleteItem(guards.replay),
    {
      // Only this application leaves the applicant's list: the others keep their
      // links. The day's email counter stays (a hash and a count, gone in two days):
      // erasing must not hand back the address's email budget.
      Update: {
        Key: guards.applicant,
        UpdateExpression: 'DELETE applicationIds :id',
        ExpressionAttributeValues: { ':id': new Set([id]) },
      },
    },
  ];
}
