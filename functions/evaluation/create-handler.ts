import { dispatchRoutes, type HandlersOf } from '../../infra/routes.js';
import { EVALUATION_PATH } from '../../shared/applications/evaluation-link.js';
import {
  answerEvaluation,
  type EvaluationPageDependencies,
  type OpenedEvaluation,
  openEvaluation,
} from '../../shared/outcomes/answer-evaluation.js';
import {
  type EvaluationContext,
  type EvaluationFormValues,
  evaluationValuesOf,
  postedEvaluationValues,
  renderEvaluationPage,
  renderEvaluationProblem,
} from '../../shared/outcomes/pages/evaluation-page.js';
import { httpEndpoint } from '../../shared/platform/http/http-endpoint.js';
import { privateHtmlResponse, privateSeeOther } from '../../shared/platform/http/responses.js';
import { logger } from '../../shared/platform/observability/logger.js';

/** What the evaluation page needs; the link key is resolved on first use. */
export interface EvaluationHandlerDependencies
  extends Omit<EvaluationPageDependencies, 'linkSecret'> {
  linkSecret: () => Promise<string>;
  context: EvaluationContext;
}

const REFUSAL_STATUS = { malformed: 400, forged: 403, expired: 410, gone: 410 } as const;

/**
 * The page an end-of-cycle evaluation email links to: GET only reads (mail scanners follow
 * links); the POST of its form saves the evaluation, which may be changed until the link
 * expires. Nothing logged names the person or what they said.
 */
export function createEvaluationHandler(deps: EvaluationHandlerDependencies) {
  const { context } = deps;
  const withKey = async (): Promise<EvaluationPageDependencies> => ({
    ...deps,
    linkSecret: await deps.linkSecret(),
  });
  const deadEnd = (opened: Exclude<OpenedEvaluation, { kind: 'open' }>) => {
    const reason = opened.kind === 'refused' ? opened.reason : 'gone';
    return privateHtmlResponse(REFUSAL_STATUS[reason], renderEvaluationProblem(reason, context));
  };
  const page = (
    opened: Extract<OpenedEvaluation, { kind: 'open' }>,
    token: string,
    values: EvaluationFormValues,
    extra: { saved?: boolean; problems?: Parameters<typeof renderEvaluationPage>[0]['problems'] },
  ) =>
    renderEvaluationPage({
      token,
      role: opened.record.role,
      firstName: opened.record.firstName,
      answerableUntil: opened.link.expiresAt,
      values,
      context,
      ...(opened.record.evaluation ? { answeredAt: opened.record.evaluation.answeredAt } : {}),
      ...extra,
    });

  const routes: HandlersOf<'evaluation'> = {
    'GET /evaluation': async ({ event }) => {
      const token = event.queryStringParameters?.token;
      const opened = await openEvaluation(await withKey(), token);
      if (opened.kind !== 'open') return deadEnd(opened);
      const saved =
        event.queryStringParameters?.done === '1' && opened.record.evaluation !== undefined;
      return privateHtmlResponse(
        200,
        page(opened, String(token), evaluationValuesOf(opened.record.evaluation), { saved }),
      );
    },
    'POST /evaluation': async ({ event }) => {
      const form = (event.body ?? {}) as unknown as Record<string, unknown>;
      const token = form.token;
      const ready = await withKey();
      const opened = await openEvaluation(ready, token);
      if (opened.kind !== 'open') return deadEnd(opened);
      const outcome = await answerEvaluation(ready, opened, form);
      logger.info('Evaluation answered', { outcome: outcome.kind });
      if (outcome.kind === 'invalid') {
        return privateHtmlResponse(
          400,
          page(opened, String(token), postedEvaluationValues(form), {
            problems: outcome.problems,
          }),
        );
      }
      return privateSeeOther(
        `${EVALUATION_PATH}?token=${encodeURIComponent(String(token))}&done=1`,
      );
    },
  };

  return httpEndpoint(dispatchRoutes('evaluation', routes), {
    body: { maxBytes: 4 * 1024, formats: ['form'], optional: true },
  });
}
