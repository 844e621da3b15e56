import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dispatchRoutes, type HandlersOf } from '../../infra/routes.js';
import type { CycleCalendar } from '../../shared/applications/cycles.js';
import { isSubmissionId } from '../../shared/applications/submission.js';
import {
  DYNAMODB_REQUEST_LIMITS,
  longestCallMs,
} from '../../shared/platform/aws/request-limits.js';
import { HttpProblem, notFound } from '../../shared/platform/http/problems.js';
import { jsonResponse, pdfAttachment } from '../../shared/platform/http/responses.js';
import { staffEndpoint } from '../../shared/platform/http/staff-endpoint.js';
import { validateInput } from '../../shared/platform/http/validate-input.js';
import { logger } from '../../shared/platform/observability/logger.js';
import { issueLetters, listLetterCandidates } from '../../shared/recognition/issue-letters.js';
import type { IssuedLetter } from '../../shared/recognition/letter.js';
import type { LetterFonts } from '../../shared/recognition/letter-fonts.js';
import { renderLetterPdf } from '../../shared/recognition/letter-pdf.js';
import { issueLettersSchema } from '../../shared/recognition/letter-requests.js';
import { letterFileName, letterWords } from '../../shared/recognition/letter-words.js';
import type { RecognitionStore } from '../../shared/recognition/recognition-ports.js';

/** What the letters API needs, so tests can point it at local servers. */
export interface LettersDependencies {
  store: RecognitionStore;
  calendar: Pick<CycleCalendar, 'list'>;
  /** The embeddable fonts, for letters the standard fonts cannot set. */
  fonts: () => Promise<LetterFonts>;
  now: () => Date;
}

/**
 * No mentor is started later than this before the timeout: one DynamoDB call's bound (its
 * attempts) for the writes under way, and a second for the PDF being rendered.
 */
const ISSUE_MARGIN_MS = longestCallMs(DYNAMODB_REQUEST_LIMITS) + 1000;

/** A letter's PDF, from the words of the letter as issued. */
export function letterPdf(letter: IssuedLetter, fonts: LettersDependencies['fonts']) {
  return renderLetterPdf(letterWords(letter), { issuedAt: letter.issuedAt, fonts });
}

/** The letters of recognition API (admins only): one function, for pdf-lib's sake. */
export function createLettersHandler(deps: LettersDependencies) {
  const namedCycle = async (event: APIGatewayProxyEventV2) => {
    const cycle = (await deps.calendar.list()).find((each) => each.id === event.pathParameters?.id);
    if (!cycle) throw notFound('cycle');
    return cycle;
  };

  const routes: HandlersOf<'letters'> = {
    'GET /admin/cycles/{id}/letters': async ({ event }) =>
      jsonResponse(200, await listLetterCandidates(deps, await namedCycle(event))),
    'POST /admin/cycles/{id}/letters': async ({ event, context, caller }) => {
      const { mentorIds } = validateInput(issueLettersSchema, event.body ?? {});
      const cycle = await namedCycle(event);
      const until = new Date(
        deps.now().getTime() + context.getRemainingTimeInMillis() - ISSUE_MARGIN_MS,
      );
      const report = await issueLetters(
        { store: deps.store, now: deps.now, render: (letter) => letterPdf(letter, deps.fonts) },
        { cycle, mentorIds, issuedBy: caller.email ?? caller.sub, until },
      );
      // Counts only: no id or name reaches the log.
      logger.info('Letters of recognition issued', { counts: report.counts });
      return jsonResponse(200, report);
    },
    'GET /admin/cycles/{id}/letters/{mentorId}': async ({ event }) => {
      const mentorId = event.pathParameters?.mentorId;
      if (!isSubmissionId(mentorId)) throw notFound('mentor');
      const cycle = await namedCycle(event);
      const letter = await deps.store.storedLetter(mentorId, cycle.id);
      if (!letter) {
        throw new HttpProblem(
          404,
          'letter_not_issued',
          'No letter of recognition has been issued to this mentor for this cycle.',
        );
      }
      return pdfAttachment(letterFileName(letter), letter.pdf);
    },
  };

  // Up to 500 mentor ids: about 15 KB of JSON.
  return staffEndpoint(
    dispatchRoutes('letters', routes),
    (error) => {
      throw error;
    },
    { maxBytes: 32 * 1024 },
  );
}
