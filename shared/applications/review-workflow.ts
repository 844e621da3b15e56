/** Where an application stands in staff review. */
export const REVIEW_STATUSES = [
  'received',
  'under_review',
  'matched',
  'waitlisted',
  'declined',
  'withdrawn',
  'completed',
] as const;

/** A review status. */
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/**
 * The moves staff may make. Declined and waitlisted applications can be reconsidered; a
 * withdrawn one is final (the applicant applies again instead), and a match can only end
 * in withdrawal. A completed application took part to the end of its cycle: that is final
 * too (next year they apply, or are invited, again).
 */
export const ALLOWED_TRANSITIONS: Record<ReviewStatus, readonly ReviewStatus[]> = {
  received: ['under_review', 'declined', 'withdrawn'],
  under_review: ['matched', 'waitlisted', 'declined', 'withdrawn'],
  waitlisted: ['under_review', 'matched', 'declined', 'withdrawn'],
  matched: ['withdrawn'],
  declined: ['under_review'],
  withdrawn: [],
  completed: [],
};

/** True when staff may move an application from one status to another (staying put is allowed). */
export function canMove(from: ReviewStatus, to: ReviewStatus): boolean {
  return from === to || ALLOWED_TRANSITIONS[from].includes(to);
}

/** A sentence telling staff what they may do instead of an illegal move. */
export function describeAllowedMoves(from: ReviewStatus): string {
  const next = ALLOWED_TRANSITIONS[from];
  return next.length === 0
    ? `An application that is ${from} cannot change status.`
    : `An application that is ${from} can move to: ${next.join(', ')}.`;
}

/** Statuses whose applications are deleted after the retention period (DynamoDB TTL). */
export const EXPIRING_STATUSES: readonly ReviewStatus[] = ['declined', 'withdrawn'];

/**
 * When an application in this status should be deleted, or null to keep it: declined and
 * withdrawn applications are not needed for matching, so they go after `retentionDays`.
 */
export function retentionDeadline(
  status: ReviewStatus,
  now: Date,
  retentionDays: number,
): Date | null {
  return EXPIRING_STATUSES.includes(status)
    ? new Date(now.getTime() + retentionDays * 86_400_000)
    : null;
}
