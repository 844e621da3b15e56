import type { Cycle } from '../applications/cycles.js';
import type { ReviewStatus } from '../applications/review-workflow.js';
import type { ApplicationType } from '../applications/schemas/application-types.js';

/** The email states the dashboard counts (an outbox email is in exactly one). */
export const EMAIL_HEALTH_STATES = [
  'sent',
  'pending',
  'failed',
  'suppressed',
  'bounced',
  'complained',
] as const;
export type EmailHealthState = (typeof EMAIL_HEALTH_STATES)[number];

/**
 * What the console's dashboard shows for one cycle (`GET /admin/dashboard?cycle=`), read
 * from the aggregate the table's stream keeps, never from a scan. Every count here equals
 * what the list shows with the same filters (the cycle, a role, a status).
 */
export interface DashboardView {
  /** The cycle counted; null for applications received with no cycle set up. */
  cycle: Pick<Cycle, 'id' | 'name' | 'opensAt' | 'closesAt'> | null;
  /** Applications received per Los Angeles day, by role, oldest first; days with none left out. */
  applicationsByDay: Array<{ day: string; mentor: number; mentee: number }>;
  /** Every review status of each role, zero included. */
  statuses: Record<ApplicationType, Record<ReviewStatus, number>>;
  /**
   * Mentees still in the program (not declined or withdrawn) by career stage, beside the
   * places mentors still in the program offer that stage (their capacity, counted for each
   * stage they take: a mentor taking two stages counts in both).
   */
  menteesByStage: Array<{ stage: string; label: string; mentees: number; mentorPlaces: number }>;
  /** Mentees still in the program by region. */
  menteesByRegion: Array<{ region: string; label: string; mentees: number }>;
  /** Mentees: applied (every status), reviewed (under review, waitlisted, matched or completed), matched (matched or completed). */
  funnel: { applied: number; reviewed: number; matched: number };
  /** Matched mentees over reviewed ones; null when none is reviewed yet. */
  matchRate: number | null;
  /** Mentees under review or waitlisted: reviewed and not matched. */
  menteesWaiting: number;
  /** Mentees carried over from the cycle before, with priority (not in applicationsByDay). */
  carriedOver: number;
  /** The outbox emails of the cycle's applications, by state. */
  emails: Record<EmailHealthState, number>;
}
