import type { Application, ApplicationType } from '../schemas/application-types.js';

/** Where the applicant's confirmation email stands. */
export type ConfirmationState = 'pending' | 'sent' | 'failed' | 'suppressed';

/** What the applicant is told when their application is saved; replayed verbatim on resubmission. */
export interface Receipt {
  id: string;
  reference: string;
  type: ApplicationType;
  status: 'received';
  receivedAt: string;
}

/** A saved application as the domain sees it. */
export interface Submission {
  id: string;
  reference: string;
  type: ApplicationType;
  status: 'received';
  createdAt: string;
  application: Application;
  /** The first application from the same address for the same role, if this is a later one. */
  duplicateOf?: string;
  confirmation: { state: ConfirmationState; attempts: number };
  version: number;
}

/** The receipt of a submission. */
export function receiptOf(submission: Submission): Receipt {
  return {
    id: submission.id,
    reference: submission.reference,
    type: submission.type,
    status: submission.status,
    receivedAt: submission.createdAt,
  };
}
