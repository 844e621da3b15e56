import * as z from 'zod/mini';

/** What a person says at a check-in. Never shown to the other side of the match. */
export interface CheckInAnswer {
  met: boolean;
  /** How many times they have met since the match (0 when they have not). */
  meetings: number;
  /** How it is going, 1 (badly) to 5 (very well). */
  rating: number;
  /** Whether they would like program staff to get in touch. */
  contactStaff: boolean;
  /** An optional note to staff. */
  note?: string;
  answeredAt: string;
}

export const NOTE_MAX_LENGTH = 500;

const yesNo = (message: string) => z.enum(['yes', 'no'], { error: message });

/** The check-in form as it posts (urlencoded), each field with the message a person reads. */
export const checkInFormSchema = z
  .object({
    met: yesNo('Say whether you have met.'),
    meetings: z.optional(z.string()),
    rating: z.enum(['1', '2', '3', '4', '5'], { error: 'Choose how it is going, from 1 to 5.' }),
    contactStaff: yesNo('Say whether you would like program staff to contact you.'),
    note: z.optional(
      z
        .string()
        .check(
          z.maxLength(NOTE_MAX_LENGTH, `Keep the note to ${NOTE_MAX_LENGTH} characters or fewer.`),
        ),
    ),
  })
  .check(
    z.refine(
      (form) =>
        form.met === 'no' ||
        (form.meetings !== undefined &&
          /^\d{1,2}$/.test(form.meetings.trim()) &&
          Number(form.meetings) >= 1),
      { message: 'Say how many times you have met: a number from 1 to 99.', path: ['meetings'] },
    ),
  );

/** One problem with one field of the form. */
export interface CheckInProblem {
  field: string;
  message: string;
}

/** The answer a posted form gives, or each problem with it. */
export function readCheckInForm(
  form: Record<string, unknown>,
  answeredAt: Date,
): { answer: CheckInAnswer } | { problems: CheckInProblem[] } {
  const given = Object.fromEntries(
    ['met', 'meetings', 'rating', 'contactStaff', 'note'].flatMap((name) => {
      const value = form[name];
      return typeof value === 'string' && value.trim() !== '' ? [[name, value]] : [];
    }),
  );
  const parsed = checkInFormSchema.safeParse(given);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({
        field: String(issue.path[0] ?? 'form'),
        message: issue.message,
      })),
    };
  }
  const { met, meetings, rating, contactStaff, note } = parsed.data;
  const trimmed = note?.trim();
  return {
    answer: {
      met: met === 'yes',
      meetings: met === 'yes' ? Number(meetings) : 0,
      rating: Number(rating),
      contactStaff: contactStaff === 'yes',
      ...(trimmed ? { note: trimmed } : {}),
      answeredAt: answeredAt.toISOString(),
    },
  };
}
