import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dispatchRoutes, type HandlersOf } from '../../infra/routes.js';
import type { AddressProblems } from '../../shared/applications/address-problems.js';
import { CYCLE_ID, type CycleCalendar, currentCycle } from '../../shared/applications/cycles.js';
import { isSubmissionId } from '../../shared/applications/submission.js';
import type { ScheduleEntry } from '../../shared/check-ins/check-in-schedule.js';
import {
  followUpSchema,
  listMatchHealth,
  type MatchesStore,
} from '../../shared/check-ins/matches-view.js';
import { dashboardOf } from '../../shared/dashboard/dashboard.js';
import type { DynamoDbTally } from '../../shared/dashboard/store/tally-store.js';
import { NO_CYCLE } from '../../shared/dashboard/tally.js';
import {
  type ColleagueRefusalCode,
  type ColleagueStore,
  colleagueCandidatesFor,
} from '../../shared/matching/colleague.js';
import {
  colleagueCandidatesQuerySchema,
  colleagueRequestSchema,
} from '../../shared/matching/matching-requests.js';
import {
  type CycleCompletionDependencies,
  completeCycleNow,
  type OutcomesStore,
  outcomesCsv,
  outcomesReport,
} from '../../shared/outcomes/index.js';
import {
  DYNAMODB_REQUEST_LIMITS,
  longestCallMs,
} from '../../shared/platform/aws/request-limits.js';
import { HttpProblem, notFound, ValidationFailed } from '../../shared/platform/http/problems.js';
import { csvAttachment, jsonResponse } from '../../shared/platform/http/responses.js';
import { staffEndpoint } from '../../shared/platform/http/staff-endpoint.js';
import { validateInput } from '../../shared/platform/http/validate-input.js';
import { expectedVersion, withEtag } from '../../shared/platform/http/versioned-resources.js';
import { logger } from '../../shared/platform/observability/logger.js';
import { losAngelesDay } from '../../shared/platform/text/los-angeles-time.js';
import { changeStatuses } from '../../shared/review/bulk-status-change.js';
import { type CarryOverStore, carryOverInto } from '../../shared/review/carry-over.js';
import {
  CycleNotFound,
  CycleRefused,
  CycleVersionConflict,
  changeCycle,
  createCycle,
  listCycles,
} from '../../shared/review/cycle-admin.js';
import { cycleDetailsSchema, dashboardQuerySchema } from '../../shared/review/cycle-requests.js';
import {
  CycleClosedForInvitations,
  type InvitationStore,
  inviteReturningMentors,
} from '../../shared/review/returning-mentors.js';
import {
  exportQuerySchema,
  listQuerySchema,
  statusChangesSchema,
  submissionChangeSchema,
} from '../../shared/review/review-requests.js';
import {
  EmailInFlight,
  eraseSubmission,
  SubmissionNotFound,
  showSubmission,
  TransitionNotAllowed,
  updateSubmission,
  VersionConflict,
} from '../../shared/review/review-submission.js';
import { InvalidCursor, type StaffRepository } from '../../shared/review/staff-ports.js';
import { submissionsCsv } from '../../shared/review/submission-export.js';

/** What the admin API needs, so tests can point it at local servers. */
export interface AdminDependencies {
  repository: StaffRepository;
  /** The suppression list: an application shows when its address bounced or complained. */
  addressProblems: AddressProblems;
  now: () => Date;
  /** How long declined and withdrawn applications are kept. */
  retentionDays: number;
  /** The program's cycles. */
  calendar: CycleCalendar;
  /** Carrying an earlier cycle's waiting mentees into a new one. */
  carryOver: CarryOverStore;
  /** Inviting an earlier cycle's mentors to take part again. */
  invitations: InvitationStore;
  /** The matches in place with their check-ins, and staff's follow-ups. */
  matches: MatchesStore;
  /** Completing a cycle's matches, when staff complete it before (or without) its end date. */
  completion: CycleCompletionDependencies['completion'];
  /** The people of a cycle, for its outcomes report. */
  outcomes: OutcomesStore;
  /** When check-ins go: the Matches page's flags are read against it. */
  checkInSchedule: readonly ScheduleEntry[];
  /** Colleagues brought in as second mentors: their candidates, matches and endings. */
  colleagues: ColleagueStore;
  /** The dashboard's aggregate. */
  tally: Pick<DynamoDbTally, 'counters'>;
  newId: () => string;
}

/**
 * A bulk change starts no read or write later than this before the function's timeout: one
 * DynamoDB call's bound (all its attempts), so the calls under way still end and the
 * answer goes out within the time Lambda gives.
 */
const BULK_MARGIN_MS = longestCallMs(DYNAMODB_REQUEST_LIMITS);

function mapDomainErrors(error: unknown): never {
  if (error instanceof SubmissionNotFound) throw notFound('submission');
  if (error instanceof VersionConflict) {
    throw new HttpProblem(409, 'version_conflict', error.message);
  }
  if (error instanceof EmailInFlight) {
    throw new HttpProblem(409, 'email_in_progress', error.message, {
      'Retry-After': String(error.retryAfterSeconds),
    });
  }
  if (error instanceof TransitionNotAllowed)
    throw new HttpProblem(400, 'transition_not_allowed', error.message);
  if (error instanceof InvalidCursor) throw new HttpProblem(400, 'invalid_cursor', error.message);
  if (error instanceof CycleRefused) {
    throw new ValidationFailed(
      [{ path: error.field, message: error.message }],
      'The cycle cannot be saved as it is; correct the field listed.',
    );
  }
  if (error instanceof CycleVersionConflict) {
    throw new HttpProblem(409, 'version_conflict', error.message);
  }
  if (error instanceof CycleNotFound) throw notFound('cycle');
  if (error instanceof CycleClosedForInvitations) {
    throw new HttpProblem(409, 'cycle_closed', error.message);
  }
  throw error;
}

/** The status of each refusal to bring in a colleague: a 404 for what is not there. */
const COLLEAGUE_REFUSAL_STATUS: Record<ColleagueRefusalCode, number> = {
  not_matched: 404,
  mentor_not_found: 404,
  primary_mentor: 409,
  already_colleague: 409,
  has_colleague: 409,
  excluded: 409,
  not_in_pool: 409,
  colleague_full: 409,
  not_eligible: 409,
};

const matchChanging = () =>
  new HttpProblem(
    409,
    'match_changing',
    'The match kept changing while we wrote it (someone else is changing it too). Reload the Matches page and try again.',
  );

/** The admin API: one function, dispatched on API Gateway's route key. */
export function createAdminHandler(deps: AdminDependencies) {
  const { repository } = deps;
  // An application's id in the path: anything that is not an id names no `what`, a 404
  // without asking DynamoDB (which would refuse a key of thousands of characters with a 500).
  const pathId = (event: APIGatewayProxyEventV2, name: string, what: string) => {
    const id = event.pathParameters?.[name];
    if (!isSubmissionId(id)) throw notFound(what);
    return id;
  };
  const idOf = (event: APIGatewayProxyEventV2) => pathId(event, 'id', 'submission');
  // A mentee named in a match route; anything else names no match.
  const menteeOf = (event: APIGatewayProxyEventV2) => pathId(event, 'menteeId', 'match');

  // The cycle a path names, with all of them (the one before it matters to some routes).
  const namedCycle = async (event: APIGatewayProxyEventV2) => {
    const cycles = await deps.calendar.list();
    const cycle = cycles.find((each) => each.id === event.pathParameters?.id);
    if (!cycle) throw notFound('cycle');
    return { cycles, cycle };
  };

  // The cycle a `cycle` parameter names, else the current one; `none` (applications of no
  // cycle) where the view has such a thing.
  const askedCycle = async (event: APIGatewayProxyEventV2, options: { allowNone: boolean }) => {
    const { cycle } = validateInput(dashboardQuerySchema, event.queryStringParameters ?? {});
    const cycles = await deps.calendar.list();
    const chosen =
      cycle === undefined
        ? currentCycle(cycles, deps.now())
        : cycles.find((each) => each.id === cycle);
    if (cycle !== undefined && !chosen && !(options.allowNone && cycle === NO_CYCLE)) {
      throw notFound('cycle');
    }
    return chosen;
  };

  const routes: HandlersOf<'admin'> = {
    'GET /admin/submissions': async ({ event }) => {
      const { limit, cursor, q, ...filter } = validateInput(
        listQuerySchema,
        event.queryStringParameters ?? {},
      );
      if (q === undefined) {
        return jsonResponse(200, await repository.list(filter, { limit, cursor }));
      }
      const items = await repository.search(q, filter, limit);
      return jsonResponse(200, { items, nextCursor: null });
    },
    'GET /admin/submissions/export.csv': async ({ event }) => {
      const filter = validateInput(exportQuerySchema, event.queryStringParameters ?? {});
      const types = filter.type ? [filter.type] : (['mentor', 'mentee'] as const);
      let body = '';
      for await (const chunk of submissionsCsv(types, repository.listAll(filter))) body += chunk;
      return csvAttachment(`mentoring-applications-${losAngelesDay(deps.now())}.csv`, body);
    },
    'GET /admin/submissions/{id}': async ({ event }) => {
      const found = await showSubmission(deps, idOf(event));
      if (!found) throw notFound('submission');
      const response = jsonResponse(200, found);
      return found.status === 'erased' ? response : withEtag(response, found.version);
    },
    'PATCH /admin/submissions/{id}': async ({ event, caller }) => {
      const version = expectedVersion(event);
      const change = validateInput(submissionChangeSchema, event.body ?? {});
      const updated = await updateSubmission(deps, {
        id: idOf(event),
        expectedVersion: version,
        change,
        actor: caller,
      });
      return withEtag(jsonResponse(200, updated), updated.version);
    },
    'GET /admin/cycles': async () => jsonResponse(200, await listCycles(deps)),
    'GET /admin/dashboard': async ({ event }) => {
      const chosen = await askedCycle(event, { allowNone: true });
      const counters = await deps.tally.counters(chosen?.id ?? NO_CYCLE);
      return jsonResponse(200, dashboardOf(chosen ?? null, counters));
    },
    'GET /admin/matches': async ({ event }) => {
      const chosen = await askedCycle(event, { allowNone: false });
      const matches = await listMatchHealth(
        { store: deps.matches, schedule: deps.checkInSchedule, now: deps.now },
        chosen,
      );
      return jsonResponse(200, { cycle: chosen ?? null, matches });
    },
    'POST /admin/matches/{menteeId}/follow-ups': async ({ event, caller }) => {
      const menteeId = menteeOf(event);
      const { matchId, note } = validateInput(followUpSchema, event.body ?? {});
      const followUp = {
        at: deps.now().toISOString(),
        by: caller.email ?? caller.sub,
        note,
      };
      const outcome = await deps.matches.addFollowUp(menteeId, matchId, followUp);
      if (outcome === 'not_matched') {
        throw new HttpProblem(404, 'not_matched', 'That match has ended or does not exist.');
      }
      return jsonResponse(201, followUp);
    },
    'GET /admin/matches/{menteeId}/colleague-candidates': async ({ event }) => {
      const menteeId = menteeOf(event);
      const { specialty } = validateInput(
        colleagueCandidatesQuerySchema,
        event.queryStringParameters ?? {},
      );
      const found = await colleagueCandidatesFor(deps.colleagues, menteeId, specialty);
      if (!found) throw notFound('mentee');
      return jsonResponse(200, found);
    },
    'POST /admin/matches/{menteeId}/colleagues': async ({ event, caller }) => {
      const menteeId = menteeOf(event);
      const request = validateInput(colleagueRequestSchema, event.body ?? {});
      const outcome = await deps.colleagues.bringIn(
        menteeId,
        request,
        deps.now(),
        caller,
        deps.newId(),
      );
      if (outcome === 'mentee_not_found') throw notFound('mentee');
      if (outcome === 'changed_meanwhile') throw matchChanging();
      if ('code' in outcome) {
        throw new HttpProblem(
          COLLEAGUE_REFUSAL_STATUS[outcome.code],
          outcome.code,
          outcome.message,
        );
      }
      // Counts and ids only: no name or need reaches the log.
      logger.info('Colleague brought in', { menteeId, matchId: outcome.matchId });
      return jsonResponse(201, outcome);
    },
    'DELETE /admin/matches/{menteeId}/colleagues/{mentorId}': async ({ event, caller }) => {
      const menteeId = menteeOf(event);
      const mentorId = pathId(event, 'mentorId', 'colleague');
      const outcome = await deps.colleagues.endColleague(menteeId, mentorId, deps.now(), caller);
      if (outcome === 'no_colleague') {
        throw new HttpProblem(
          404,
          'no_colleague',
          'That mentor is not the mentee’s colleague now: the colleague match has ended or never was.',
        );
      }
      if (outcome === 'changed_meanwhile') throw matchChanging();
      return jsonResponse(200, outcome);
    },
    'POST /admin/cycles/{id}/completion': async ({ event, caller }) => {
      const outcome = await completeCycleNow(deps, String(event.pathParameters?.id), caller);
      if (outcome === 'not_found') throw notFound('cycle');
      if (outcome === 'already_completed') {
        throw new HttpProblem(409, 'already_completed', 'This cycle has been completed already.');
      }
      if (outcome === 'applications_open') {
        throw new HttpProblem(
          409,
          'applications_open',
          'Applications to this cycle are still open: complete it once they have closed.',
        );
      }
      logger.info('Cycle completed', { ...outcome });
      return jsonResponse(200, outcome);
    },
    'GET /admin/outcomes': async ({ event }) => {
      const chosen = await askedCycle(event, { allowNone: false });
      const people = chosen ? await deps.outcomes.peopleOf(chosen.id) : [];
      return jsonResponse(200, outcomesReport(chosen ?? null, people));
    },
    'GET /admin/outcomes.csv': async ({ event }) => {
      const chosen = await askedCycle(event, { allowNone: false });
      if (!chosen) throw notFound('cycle');
      const report = outcomesReport(chosen, await deps.outcomes.peopleOf(chosen.id));
      return csvAttachment(`mentoring-outcomes-${chosen.name}.csv`, outcomesCsv(report));
    },
    'POST /admin/cycles': async ({ event }) => {
      const cycle = await createCycle(deps, validateInput(cycleDetailsSchema, event.body ?? {}));
      return withEtag(jsonResponse(201, cycle), cycle.version);
    },
    'POST /admin/cycles/{id}/carry-over': async ({ event, caller }) => {
      const { cycles, cycle } = await namedCycle(event);
      const outcome = await carryOverInto(
        { store: deps.carryOver, now: deps.now },
        { cycles, cycle, actor: caller },
      );
      return jsonResponse(200, outcome);
    },
    'POST /admin/cycles/{id}/invitations': async ({ event }) => {
      const { cycles, cycle } = await namedCycle(event);
      const outcome = await inviteReturningMentors(
        { store: deps.invitations, now: deps.now },
        { cycles, cycle },
      );
      // Counts only: no address reaches the log.
      logger.info('Returning mentors invited', { ...outcome });
      return jsonResponse(200, outcome);
    },
    'PUT /admin/cycles/{id}': async ({ event }) => {
      const expected = expectedVersion(event);
      const id = event.pathParameters?.id ?? '';
      if (!CYCLE_ID.test(id)) throw notFound('cycle');
      const cycle = await changeCycle(deps, {
        id,
        expectedVersion: expected,
        details: validateInput(cycleDetailsSchema, event.body ?? {}),
      });
      return withEtag(jsonResponse(200, cycle), cycle.version);
    },
    'POST /admin/submissions/status-changes': async ({ event, context, caller }) => {
      const { ids, status, note } = validateInput(statusChangesSchema, event.body ?? {});
      const until = new Date(
        deps.now().getTime() + context.getRemainingTimeInMillis() - BULK_MARGIN_MS,
      );
      const report = await changeStatuses(deps, {
        ids,
        status,
        ...(note !== undefined ? { note } : {}),
        actor: caller,
        until,
      });
      // Counts only: no id, name or note reaches the log.
      logger.info('Bulk status change', { status, counts: report.counts });
      return jsonResponse(200, report);
    },
    'DELETE /admin/submissions/{id}': async ({ event, caller }) => {
      await eraseSubmission(deps, { id: idOf(event), actor: caller });
      return { statusCode: 204, body: '' };
    },
  };

  // A bulk change of 500 ids is about 15 KB of JSON, and its note up to 3 KB more.
  return staffEndpoint(dispatchRoutes('admin', routes), mapDomainErrors, { maxBytes: 32 * 1024 });
}
