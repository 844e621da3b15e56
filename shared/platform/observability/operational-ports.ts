/** Counts operations care about. */
export interface OperationalMetrics {
  /** An email used up its attempts and will not be sent. */
  confirmationGaveUp(): void;
  /** An address bounced for good or complained. */
  deliveryProblem?(kind: 'bounce' | 'complaint'): void;
  /** The program's own staff address bounced or complained: staff may be missing email. */
  staffAddressProblem?(kind: 'bounce' | 'complaint'): void;
}

/** What the domain may say in logs: identifiers and error names, never applicant data. */
export interface OperationalLog {
  warn(message: string, details: Record<string, string | number>): void;
}
