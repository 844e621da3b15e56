import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dispatchRoutes, type HandlersOf } from '../../infra/routes.js';
import { isSubmissionId } from '../../shared/applications/submission.js';
import {
  approveRequestSchema,
  candidatesQuerySchema,
  endMatchRequestSchema,
  runRequestSchema,
  settingsSchema,
} from '../../shared/matching/matching-requests.js';
import {
  approveRun,
  candidatesFor,
  createRun,
  endMatch,
  type MatchingDependencies,
  NotInPool,
  NotInRun,
  RunNotFound,
  showRun,
} from '../../shared/matching/matching-service.js';
import { settingsProblem } from '../../shared/matching/matching-settings.js';
import { MatchingInputError } from '../../shared/matching/optimal-matching.js';
import { DYNAMODB_REQUEST_LIMITS } from '../../shared/platform/aws/request-limits.js';
import { HttpProblem, notFound } from '../../shared/platform/http/problems.js';
import { jsonResponse } from '../../shared/platform/http/responses.js';
import { staffEndpoint } from '../../shared/platform/http/staff-endpoint.js';
import { validateInput } from '../../shared/platform/http/validate-input.js';
import { expectedVersion, withEtag } from '../../shared/platform/http/versioned-resources.js';

/**
 * Approval stops starting batches this long before the function's timeout: one DynamoDB
 * call's bound (all its attempts), so the batch under way still ends and the answer goes out.
 */
const APPROVAL_MARGIN_MS =
  DYNAMODB_REQUEST_LIMITS.requestTimeoutMs * DYNAMODB_REQUEST_LIMITS.maxAttempts;

function mapDomainErrors(error: unknown): never {
  if (error instanceof RunNotFound) throw notFound('matching run');
  if (error instanceof NotInPool) throw new HttpProblem(404, 'not_in_pool', error.message);
  if (error instanceof NotInRun) throw new HttpProblem(400, 'not_in_run', error.message);
  if (error instanceof MatchingInputError) {
    throw new HttpProblem(400, 'invalid_pins', error.message);
  }
  throw error;
}

/** Matching for staff: candidates, runs, approval (admins), ending a match, the settings. */
export function createMatchingHandler(deps: MatchingDependencies) {
  const idOf = (event: APIGatewayProxyEventV2, name: string) => {
    const id = event.pathParameters?.[name];
    if (!isSubmissionId(id)) throw notFound(name === 'id' ? 'matching run' : 'application');
    return id;
  };
  const routes: HandlersOf<'matching'> = {
    'GET /admin/matching/candidates': async ({ event }) => {
      const { menteeId } = validateInput(candidatesQuerySchema, event.queryStringParameters ?? {});
      return jsonResponse(200, { candidates: await candidatesFor(deps, menteeId) });
    },
    'POST /admin/matching/runs': async ({ event, caller }) => {
      const request = validateInput(runRequestSchema, event.body ?? {});
      const run = await createRun(deps, {
        pinned: request.pinned ?? [],
        excluded: request.excluded ?? [],
        actor: caller,
      });
      return jsonResponse(201, run);
    },
    'GET /admin/matching/runs/{id}': async ({ event }) =>
      jsonResponse(200, await showRun(deps, idOf(event, 'id'))),
    'POST /admin/matching/runs/{id}/approve': async ({ event, context, caller }) => {
      const { pairs } = validateInput(approveRequestSchema, event.body ?? {});
      // Approve while the function has time, keep a margin to answer: what is left
      // is counted in `remaining`, for the same request again.
      const until = new Date(
        deps.now().getTime() + context.getRemainingTimeInMillis() - APPROVAL_MARGIN_MS,
      );
      const report = await approveRun(deps, {
        runId: idOf(event, 'id'),
        ...(pairs ? { pairs } : {}),
        actor: caller,
        until,
      });
      return jsonResponse(200, report);
    },
    'POST /admin/matching/matches/{menteeId}/end': async ({ event, caller }) => {
      const menteeId = idOf(event, 'menteeId');
      const request = validateInput(endMatchRequestSchema, event.body ?? {});
      const outcome = await endMatch(deps, { ...request, menteeId, actor: caller });
      if (outcome === 'not_matched') {
        throw new HttpProblem(404, 'not_matched', 'That application has no match to end.');
      }
      if (outcome === 'changed_meanwhile') {
        throw new HttpProblem(
          409,
          'match_changing',
          'The match kept changing while we ended it (someone else is changing it too). Reload the application and try again.',
        );
      }
      return jsonResponse(200, outcome);
    },
    'GET /admin/matching/settings': async (_request) => {
      const settings = await deps.repository.settings();
      return withEtag(jsonResponse(200, settings), settings.version);
    },
    'PUT /admin/matching/settings': async ({ event }) => {
      const version = expectedVersion(event);
      const settings = validateInput(settingsSchema, event.body ?? {});
      const problem = settingsProblem(settings);
      if (problem) throw new HttpProblem(400, 'invalid_settings', problem);
      const saved = await deps.repository.saveSettings(settings, version);
      if (saved === 'version_mismatch') {
        throw new HttpProblem(
          409,
          'version_conflict',
          'The settings changed since you read them; read them again.',
        );
      }
      return withEtag(jsonResponse(200, saved), saved.version);
    },
  };

  return staffEndpoint(dispatchRoutes('matching', routes), mapDomainErrors, {
    maxBytes: 512 * 1024,
  });
}
