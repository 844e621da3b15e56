import { dispatchRoutes, type HandlersOf } from '../../infra/routes.js';
import type { FormFields } from '../../shared/applications/schemas/form-fields.js';
import { renderClosedPage } from '../../shared/intake/pages/closed-page.js';
import {
  type ReturningMentorContext,
  renderAlreadyConfirmed,
  renderInvitationProblem,
  renderReturningMentorPage,
} from '../../shared/intake/pages/returning-mentor-page.js';
import { windowNotice } from '../../shared/intake/pages/window-notice.js';
import {
  confirmReturningMentor,
  type OpenedInvitation,
  openInvitation,
  type ReturningMentorDependencies,
} from '../../shared/intake/returning-mentor.js';
import { httpEndpoint } from '../../shared/platform/http/http-endpoint.js';
import { privateHtmlResponse, privateSeeOther } from '../../shared/platform/http/responses.js';
import { thankYouLocation } from '../../shared/platform/http/thank-you-location.js';
import { logger } from '../../shared/platform/observability/logger.js';

/** What the returning mentor's page needs; the link key is resolved on first use. */
export interface ReturningMentorPageDependencies
  extends Omit<ReturningMentorDependencies, 'linkSecret'> {
  linkSecret: () => Promise<string>;
  context: ReturningMentorContext;
}

const REFUSAL_STATUS = { malformed: 400, forged: 403, expired: 410, gone: 410 } as const;

/**
 * The page an invitation to take part again links to: GET only reads (mail scanners follow
 * links); the POST of its form makes the new cycle's application, once per invitation.
 * Nothing logged names the mentor or the application.
 */
export function createReturningMentorHandler(deps: ReturningMentorPageDependencies) {
  const { context } = deps;
  const withKey = async (): Promise<ReturningMentorDependencies> => ({
    ...deps,
    linkSecret: await deps.linkSecret(),
  });

  /** The page for a link that leads to no open invitation. */
  const deadEnd = (opened: Exclude<OpenedInvitation, { kind: 'open' }>) => {
    if (opened.kind === 'not_open') {
      const notice = windowNotice(opened.window);
      // windowNotice speaks of every state not open; `not_open` is only ever one of those.
      return privateHtmlResponse(
        403,
        renderClosedPage(notice ?? { title: 'Applications are closed', text: '' }),
      );
    }
    const reason = opened.kind === 'refused' ? opened.reason : 'gone';
    return privateHtmlResponse(REFUSAL_STATUS[reason], renderInvitationProblem(reason, context));
  };

  const routes: HandlersOf<'returning-mentor'> = {
    'GET /returning-mentor': async ({ event }) => {
      const token = event.queryStringParameters?.token;
      const opened = await openInvitation(await withKey(), token);
      if (opened.kind !== 'open') return deadEnd(opened);
      return privateHtmlResponse(
        200,
        renderReturningMentorPage({ ...opened, token: String(token), context }),
      );
    },
    'POST /returning-mentor': async ({ event }) => {
      const form = (event.body ?? {}) as unknown as FormFields;
      const token = form.token;
      const ready = await withKey();
      const opened = await openInvitation(ready, token);
      if (opened.kind !== 'open') return deadEnd(opened);
      const outcome = await confirmReturningMentor(ready, opened, form);
      logger.info('Returning mentor answered', { outcome: outcome.kind });
      if (outcome.kind === 'invalid') {
        return privateHtmlResponse(
          400,
          renderReturningMentorPage({
            ...opened,
            token: String(token),
            context,
            chosen: outcome.chosen,
            issues: outcome.issues,
          }),
        );
      }
      if (outcome.kind === 'already_confirmed') {
        return privateHtmlResponse(409, renderAlreadyConfirmed(context));
      }
      return privateSeeOther(thankYouLocation('/thank-you', outcome.receipt.reference));
    },
  };

  return httpEndpoint(dispatchRoutes('returning-mentor', routes), {
    body: { maxBytes: 4 * 1024, formats: ['form'], optional: true },
  });
}
