import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dispatchRoutes, type HandlersOf } from '../../infra/routes.js';
import { renderProblemPage } from '../../shared/platform/html/problem-page.js';
import { httpEndpoint } from '../../shared/platform/http/http-endpoint.js';
import { privateHtmlResponse, privateSeeOther } from '../../shared/platform/http/responses.js';
import { logger } from '../../shared/platform/observability/logger.js';
import { EmailInFlight, SubmissionNotFound } from '../../shared/review/review-submission.js';
import { APPLICANT_PAGE_PATH } from '../../shared/self-service/applicant-link.js';
import {
  type ApplicantAction,
  type ApplicantPageContext,
  renderApplicantPage,
  renderConfirmStep,
  renderDeletedPage,
  renderLinkProblem,
  renderTryAgain,
} from '../../shared/self-service/applicant-page.js';
import {
  deleteOwnApplication,
  type LinkedApplication,
  NotWithdrawable,
  openApplicantLink,
  type SelfServiceDependencies,
  withdrawnByApplicant,
  withdrawOwnApplication,
} from '../../shared/self-service/applicant-requests.js';

/** What the applicant's page needs; the link key is resolved on first use. */
export interface ApplicantPageDependencies extends Omit<SelfServiceDependencies, 'linkSecret'> {
  linkSecret: () => Promise<string>;
  context: ApplicantPageContext;
}

const ACTIONS: readonly ApplicantAction[] = ['withdraw', 'delete'];
const REFUSAL_STATUS = { malformed: 400, forged: 403, expired: 410 } as const;

/**
 * The applicant's own page, from the link in their confirmation: GETs only read (mail
 * scanners follow links), and each change is a POST of the token from a confirmation step.
 * Nothing logged names the person or the application.
 */
export function createApplicantPageHandler(deps: ApplicantPageDependencies) {
  const { context } = deps;
  const selfService = async (): Promise<SelfServiceDependencies> => ({
    ...deps,
    linkSecret: await deps.linkSecret(),
  });
  const notFoundPage = () =>
    privateHtmlResponse(
      404,
      renderProblemPage({
        statusCode: 404,
        messages: ['There is no such page.'],
        back: { href: '/', label: 'go to the front page' },
      }),
    );

  /** The page for a link that leads nowhere live: refused, or its application deleted. */
  const deadEnd = (linked: Exclude<LinkedApplication, { kind: 'live' }>) => {
    if (linked.kind === 'refused') {
      return privateHtmlResponse(
        REFUSAL_STATUS[linked.reason],
        renderLinkProblem(linked.reason, context),
      );
    }
    const { erasedAt, byApplicant } = linked;
    return privateHtmlResponse(
      410,
      renderDeletedPage({ ...(erasedAt ? { erasedAt } : {}), byApplicant, context }),
    );
  };

  const actionOf = (event: APIGatewayProxyEventV2) => {
    const action = event.pathParameters?.action as ApplicantAction | undefined;
    return action && ACTIONS.includes(action) ? action : undefined;
  };

  const routes: HandlersOf<'my-application'> = {
    'GET /my-application': async ({ event }) => {
      const token = event.queryStringParameters?.token;
      const linked = await openApplicantLink(await selfService(), token);
      if (linked.kind !== 'live') return deadEnd(linked);
      return privateHtmlResponse(
        200,
        renderApplicantPage({
          submission: linked.submission,
          token: token as string,
          linkExpiresAt: linked.linkExpiresAt,
          context,
          // After a withdrawal the page says it is done, but only what the application
          // shows: the flag is in an address anyone can type, the status is not.
          justWithdrawn:
            event.queryStringParameters?.done === 'withdraw' &&
            withdrawnByApplicant(linked.submission),
        }),
      );
    },
    'GET /my-application/{action}': async ({ event }) => {
      const action = actionOf(event);
      if (!action) return notFoundPage();
      const token = event.queryStringParameters?.token;
      const linked = await openApplicantLink(await selfService(), token);
      if (linked.kind !== 'live') return deadEnd(linked);
      return privateHtmlResponse(
        200,
        renderConfirmStep({
          action,
          submission: linked.submission,
          token: token as string,
          context,
        }),
      );
    },
    'POST /my-application/{action}': async ({ event }) => {
      const action = actionOf(event);
      if (!action) return notFoundPage();
      const body = event.body as unknown as Record<string, unknown> | undefined;
      const token = body?.token;
      const deps = await selfService();
      const linked = await openApplicantLink(deps, token);
      if (linked.kind !== 'live') return deadEnd(linked);
      const { id } = linked.submission;
      try {
        if (action === 'withdraw') {
          const outcome = await withdrawOwnApplication(deps, id);
          logger.info('Applicant request done', { action, outcome });
          return privateSeeOther(
            `${APPLICANT_PAGE_PATH}?token=${encodeURIComponent(String(token))}&done=withdraw`,
          );
        }
        await deleteOwnApplication(deps, id);
        logger.info('Applicant request done', { action, outcome: 'deleted' });
        return privateHtmlResponse(
          200,
          renderDeletedPage({ erasedAt: deps.now().toISOString(), byApplicant: true, context }),
        );
      } catch (error) {
        if (error instanceof EmailInFlight) {
          return privateHtmlResponse(503, renderTryAgain(error.retryAfterSeconds, context), {
            'Retry-After': String(error.retryAfterSeconds),
          });
        }
        if (error instanceof NotWithdrawable) {
          return privateHtmlResponse(
            409,
            renderProblemPage({
              statusCode: 409,
              messages: [error.message],
              back: {
                href: `${APPLICANT_PAGE_PATH}?token=${encodeURIComponent(String(token))}`,
                label: 'go back to your application',
              },
            }),
          );
        }
        // Erased between the read and the write (a second tab, or staff): say so.
        if (error instanceof SubmissionNotFound) {
          return privateHtmlResponse(410, renderDeletedPage({ byApplicant: false, context }));
        }
        throw error;
      }
    },
  };

  return httpEndpoint(
    dispatchRoutes('my-application', routes, { notFound: async () => notFoundPage() }),
    { body: { maxBytes: 4 * 1024, formats: ['form'], optional: true } },
  );
}
