import { dispatchRoutes, type HandlersOf } from '../../infra/routes.js';
import { CHECK_IN_PATH } from '../../shared/applications/check-in-link.js';
import {
  answerCheckIn,
  type CheckInPageDependencies,
  type OpenedCheckIn,
  openCheckIn,
} from '../../shared/check-ins/answer-check-in.js';
import {
  type CheckInContext,
  type CheckInFormValues,
  formValuesOf,
  renderCheckInPage,
  renderCheckInProblem,
} from '../../shared/check-ins/pages/check-in-page.js';
import { httpEndpoint } from '../../shared/platform/http/http-endpoint.js';
import { privateHtmlResponse, privateSeeOther } from '../../shared/platform/http/responses.js';
import { logger } from '../../shared/platform/observability/logger.js';

/** What the check-in page needs; the link key is resolved on first use. */
export interface CheckInHandlerDependencies extends Omit<CheckInPageDependencies, 'linkSecret'> {
  linkSecret: () => Promise<string>;
  context: CheckInContext;
}

const REFUSAL_STATUS = { malformed: 400, forged: 403, expired: 410, ended: 410 } as const;

/**
 * The page a check-in email links to: GET only reads (mail scanners follow links); the POST
 * of its form saves the answer, which may be changed until the check-in closes. Nothing
 * logged names the person, the match or the answer.
 */
export function createCheckInHandler(deps: CheckInHandlerDependencies) {
  const { context } = deps;
  const withKey = async (): Promise<CheckInPageDependencies> => ({
    ...deps,
    linkSecret: await deps.linkSecret(),
  });
  const deadEnd = (opened: Exclude<OpenedCheckIn, { kind: 'open' }>) => {
    const reason = opened.kind === 'refused' ? opened.reason : 'ended';
    return privateHtmlResponse(REFUSAL_STATUS[reason], renderCheckInProblem(reason, context));
  };
  const page = (
    opened: Extract<OpenedCheckIn, { kind: 'open' }>,
    token: string,
    values: CheckInFormValues,
    extra: { saved?: boolean; problems?: Parameters<typeof renderCheckInPage>[0]['problems'] },
  ) =>
    renderCheckInPage({
      token,
      number: opened.checkIn.number,
      answerableUntil: opened.checkIn.expiresAt,
      values,
      context,
      ...(opened.answer ? { answeredAt: opened.answer.answeredAt } : {}),
      ...extra,
    });

  const routes: HandlersOf<'check-in'> = {
    'GET /check-in': async ({ event }) => {
      const token = event.queryStringParameters?.token;
      const opened = await openCheckIn(await withKey(), token);
      if (opened.kind !== 'open') return deadEnd(opened);
      const saved = event.queryStringParameters?.done === '1' && opened.answer !== undefined;
      return privateHtmlResponse(
        200,
        page(opened, String(token), formValuesOf(opened.answer), { saved }),
      );
    },
    'POST /check-in': async ({ event }) => {
      const form = (event.body ?? {}) as unknown as Record<string, unknown>;
      const token = form.token;
      const ready = await withKey();
      const opened = await openCheckIn(ready, token);
      if (opened.kind !== 'open') return deadEnd(opened);
      const outcome = await answerCheckIn(ready, opened, form);
      logger.info('Check-in answered', { outcome: outcome.kind });
      if (outcome.kind === 'invalid') {
        const values = Object.fromEntries(
          ['met', 'meetings', 'rating', 'contactStaff', 'note'].map((name) => [
            name,
            typeof form[name] === 'string' ? (form[name] as string) : '',
          ]),
        ) as CheckInFormValues;
        return privateHtmlResponse(
          400,
          page(opened, String(token), values, { problems: outcome.problems }),
        );
      }
      return privateSeeOther(`${CHECK_IN_PATH}?token=${encodeURIComponent(String(token))}&done=1`);
    },
  };

  return httpEndpoint(dispatchRoutes('check-in', routes), {
    body: { maxBytes: 4 * 1024, formats: ['form'], optional: true },
  });
}
