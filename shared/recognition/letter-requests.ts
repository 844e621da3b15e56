import * as z from 'zod/mini';
import { described } from '../applications/schemas/fields.js';
import { isSubmissionId } from '../applications/submission.js';

/**
 * At most this many mentors in one request: a cycle's mentors fit (a few hundred), and the
 * ids (27 characters each in JSON) stay within the admin API's body limit.
 */
export const MAX_LETTERS_PER_REQUEST = 500;

/** `POST /admin/cycles/{id}/letters` body: the mentors to issue a letter to, each once. */
export const issueLettersSchema = z.strictObject({
  mentorIds: described(
    z
      .array(
        z
          .string()
          .check(
            z.refine(
              isSubmissionId,
              'Each of mentorIds must be an application id (26 characters).',
            ),
          ),
      )
      .check(
        z.minLength(1),
        z.maxLength(MAX_LETTERS_PER_REQUEST),
        z.refine(
          (ids) => new Set(ids).size === ids.length,
          'mentorIds must name each mentor once.',
        ),
      ),
    { title: 'mentorIds' },
  ),
});
