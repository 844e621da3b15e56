import type { Cycle } from '../applications/cycles.js';
import { REVIEW_STATUSES, type ReviewStatus } from '../applications/review-workflow.js';
import type { ApplicationType } from '../applications/schemas/application-types.js';
import { CAREER_STAGES, REGIONS } from '../applications/schemas/choices.js';
import { type DashboardView, EMAIL_HEALTH_STATES } from './dashboard-view.js';
import { counterName } from './tally.js';

const ROLES: readonly ApplicationType[] = ['mentor', 'mentee'];

/** The dashboard of one cycle (or of the applications with none), from its counters. */
export function dashboardOf(cycle: Cycle | null, counters: Record<string, number>): DashboardView {
  const count = (name: string) => Math.max(0, Number(counters[name] ?? 0));
  const days = new Map<string, { day: string; mentor: number; mentee: number }>();
  for (const [name, value] of Object.entries(counters)) {
    const [kind, role, day] = name.split('|');
    if (kind !== 'applied' || !day || (role !== 'mentor' && role !== 'mentee')) continue;
    const entry = days.get(day) ?? { day, mentor: 0, mentee: 0 };
    entry[role] += Math.max(0, Number(value));
    days.set(day, entry);
  }
  const statuses = Object.fromEntries(
    ROLES.map((role) => [
      role,
      Object.fromEntries(
        REVIEW_STATUSES.map((status) => [status, count(counterName.status(role, status))]),
      ),
    ]),
  ) as Record<ApplicationType, Record<ReviewStatus, number>>;
  const mentees = statuses.mentee;
  // A completed match was a match: once the cycle ends the funnel still counts it.
  const matched = mentees.matched + mentees.completed;
  const reviewed = mentees.under_review + mentees.waitlisted + matched;
  return {
    cycle: cycle
      ? { id: cycle.id, name: cycle.name, opensAt: cycle.opensAt, closesAt: cycle.closesAt }
      : null,
    applicationsByDay: [...days.values()]
      .filter((entry) => entry.mentor + entry.mentee > 0)
      .sort((a, b) => a.day.localeCompare(b.day)),
    statuses,
    menteesByStage: Object.entries(CAREER_STAGES).map(([stage, label]) => ({
      stage,
      label,
      mentees: count(counterName.stage(stage)),
      mentorPlaces: count(counterName.places(stage)),
    })),
    menteesByRegion: Object.entries(REGIONS).map(([region, label]) => ({
      region,
      label,
      mentees: count(counterName.region(region)),
    })),
    funnel: {
      applied: REVIEW_STATUSES.reduce((sum, status) => sum + mentees[status], 0),
      reviewed,
      matched,
    },
    matchRate: reviewed > 0 ? matched / reviewed : null,
    menteesWaiting: mentees.under_review + mentees.waitlisted,
    carriedOver: count(counterName.carried('mentee')),
    emails: Object.fromEntries(
      EMAIL_HEALTH_STATES.map((state) => [state, count(counterName.email(state))]),
    ) as DashboardView['emails'],
  };
}
