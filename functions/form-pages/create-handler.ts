import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dispatchRoutes, type HandlersOf } from '../../infra/routes.js';
import { type CycleCalendar, intakeWindow } from '../../shared/applications/cycles.js';
import {
  type ApplicationType,
  isApplicationType,
} from '../../shared/applications/schemas/application-types.js';
import { renderClosedPage } from '../../shared/intake/pages/closed-page.js';
import { ENHANCE_SCRIPT } from '../../shared/intake/pages/enhance-script.js';
import { renderFormPage, TURNSTILE_ORIGIN } from '../../shared/intake/pages/form-page.js';
import { renderLandingPage } from '../../shared/intake/pages/landing-page.js';
import { windowNotice } from '../../shared/intake/pages/window-notice.js';
import { signFormToken } from '../../shared/intake/spam/form-token.js';
import type { SpamDefenceSettings } from '../../shared/intake/spam/spam-defences.js';
import { httpEndpoint, securityHeaders } from '../../shared/platform/http/http-endpoint.js';
import { notFound } from '../../shared/platform/http/problems.js';
import { htmlResponse, jsonResponse } from '../../shared/platform/http/responses.js';
import { thankYouOrigin } from '../../shared/platform/http/thank-you-location.js';

/** What the form pages need. */
export interface FormPageDependencies {
  now: () => Date;
  thankYouUrl: string;
  /** Origins (the website) allowed to show the forms in a frame. */
  framingOrigins: readonly string[];
  turnstileSiteKey?: string;
  spamDefences: () => Promise<SpamDefenceSettings>;
  /** The program's cycles: outside a window, a notice stands in place of the forms. */
  calendar: Pick<CycleCalendar, 'list'>;
}

/** The landing page, the two forms, their script, and fill-time tokens for JavaScript clients. */
export function createFormPagesHandler(deps: FormPageDependencies) {
  const turnstile = deps.turnstileSiteKey !== undefined;
  const typeOf = (event: APIGatewayProxyEventV2): ApplicationType => {
    const type = event.pathParameters?.type;
    if (!isApplicationType(type)) throw notFound('form (use mentor or mentee)');
    return type;
  };
  const tokenFor = async (type: ApplicationType) => {
    const { formSigningSecret } = await deps.spamDefences();
    return formSigningSecret ? signFormToken(formSigningSecret, type, deps.now()) : undefined;
  };

  const closedNotice = async () =>
    windowNotice(intakeWindow(await deps.calendar.list(), deps.now()));
  // The notice changes when the window opens or closes: neither page may be cached.
  const uncachedPage = (page: string) => ({
    ...htmlResponse(200, page),
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });

  const routes: HandlersOf<'form-pages'> = {
    'GET /': async () => uncachedPage(renderLandingPage(await closedNotice())),
    'GET /forms/{type}': async ({ event }) => {
      const type = typeOf(event);
      const closed = await closedNotice();
      if (closed) return uncachedPage(renderClosedPage(closed));
      const page = renderFormPage({
        type,
        action: `/applications/${type}`,
        thankYouUrl: deps.thankYouUrl,
        formToken: await tokenFor(type),
        turnstileSiteKey: deps.turnstileSiteKey,
      });
      // A rendered form carries a fresh token: it must not be cached.
      return {
        ...htmlResponse(200, page),
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
      };
    },
    'GET /forms/{type}/token': async ({ event }) => {
      const formToken = (await tokenFor(typeOf(event))) ?? null;
      return {
        ...jsonResponse(200, { formToken }),
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
      };
    },
    // Browsers ask for it on every page; an empty answer beats a 404 in the logs.
    'GET /favicon.ico': async () => ({
      statusCode: 204,
      headers: { 'Cache-Control': 'public, max-age=86400' },
      body: '',
    }),
    'GET /forms/enhance.js': async () => ({
      statusCode: 200,
      headers: {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'public, max-age=300',
      },
      body: ENHANCE_SCRIPT,
    }),
  };

  return httpEndpoint(dispatchRoutes('form-pages', routes), {
    securityHeaders: securityHeaders({
      allowFraming: true,
      csp: {
        'script-src': turnstile ? `'self' ${TURNSTILE_ORIGIN}` : "'self'",
        'frame-src': turnstile ? TURNSTILE_ORIGIN : false,
        'connect-src': "'self'",
        // The post goes to this origin, then redirects to the thank-you page: allow both.
        'form-action': ["'self'", thankYouOrigin(deps.thankYouUrl)].filter(Boolean).join(' '),
        'img-src': "'self' data:",
        'frame-ancestors': ["'self'", ...deps.framingOrigins].join(' '),
        ...(turnstile ? { 'require-trusted-types-for': false, 'trusted-types': false } : {}),
      },
    }),
  });
}
