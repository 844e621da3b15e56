import type { SearchQuery } from '../applications/name-search.js';
import type { ReviewStatus } from '../applications/review-workflow.js';
import type { ApplicationType } from '../applications/schemas/application-types.js';
import type { StaffNotice } from '../applications/staff-notice.js';
import type { AuditEntry, ErasedSubmission, Submission } from '../applications/submission.js';

/** Which submissions staff asked for; dates are ISO 8601 instants, both ends inclusive. */
export interface SubmissionFilter {
  type?: ApplicationType;
  status?: ReviewStatus;
  from?: string;
  to?: string;
  /** The cycle it was received in. */
  cycle?: string;
}

/** One page of submissions, newest first, and the opaque cursor of the next page. */
export interface SubmissionPage {
  items: Submission[];
  nextCursor: string | null;
}

/** Where a submission stands in review, and the version a conditional write expects. */
export interface ReviewState {
  status: ReviewStatus;
  version: number;
}

/** What a staff member changes on a submission. */
export interface SubmissionChange {
  status?: ReviewStatus;
  notes?: string;
}

/** A change as stored: with the deletion deadline it sets (a Date), clears (null) or leaves (absent). */
export interface StoredChange extends SubmissionChange {
  expiresAt?: Date | null;
}

/** Storage as the staff use cases see it. */
export interface StaffRepository {
  /** A page of submissions matching the filter; throws InvalidCursor for a cursor it did not issue. */
  list(filter: SubmissionFilter, page: { limit: number; cursor?: string }): Promise<SubmissionPage>;
  /**
   * Submissions a search finds (a reference, an address, the start of a name) that also
   * match the filter, newest first, at most `limit`; read by key and index, never a scan.
   */
  search(query: SearchQuery, filter: SubmissionFilter, limit: number): Promise<Submission[]>;
  /** Every matching submission, newest first, fetched page by page. */
  listAll(filter: SubmissionFilter): AsyncIterable<Submission>;
  /** One submission, erased or not. */
  get(id: string): Promise<Submission | ErasedSubmission | undefined>;
  /**
   * Only what a status change needs of each submission, read consistently (100 per
   * BatchGetItem): its status and version, or `erased` for a tombstone; an id with no
   * submission is absent. Nothing personal is read.
   */
  reviewStates(ids: readonly string[]): Promise<Map<string, ReviewState | 'erased'>>;
  /** Applies a change if the submission is still at `expectedVersion`; returns the new state. */
  update(
    id: string,
    expectedVersion: number,
    change: StoredChange,
    audit: AuditEntry,
  ): Promise<Submission | 'version_mismatch'>;
  /**
   * Replaces a submission by its tombstone, takes it out of its guards and ends its matches,
   * in one transaction, unless it or a match partner changed since it was read or a sender
   * holds one of its emails at `now` (`changed_meanwhile` for all: read it again). A
   * `notice` is queued for staff in the same transaction, with the matches it ended. Before
   * that, the person is taken out of every stored matching run: no run holds them once the
   * erasure is done, and none saved afterwards does.
   */
  erase(
    submission: Submission,
    tombstone: ErasedSubmission,
    now: Date,
    notice?: StaffNotice,
  ): Promise<'erased' | 'changed_meanwhile'>;
}

/** A cursor this service did not issue (or that was altered). */
export class InvalidCursor extends Error {
  override name = 'InvalidCursor';
}
