import * as z from 'zod/mini';

/** What a person may say they gained from the program year (the evaluation's choices). */
export const GAINS = {
  career_guidance: 'Career guidance',
  specialty_knowledge: 'Knowledge of a specialty or of clinical practice',
  research: 'Help with research or academic work',
  connections: 'Professional connections',
  wellbeing: 'Balance and wellbeing',
  perspective: 'A fresh perspective on my own work',
  giving_back: 'The satisfaction of giving back',
} as const;

export type Gain = keyof typeof GAINS;

/** Each gain in a word or two, where a chart labels its bars. */
export const GAIN_LABELS: Record<Gain, string> = {
  career_guidance: 'Career guidance',
  specialty_knowledge: 'Specialty knowledge',
  research: 'Research help',
  connections: 'Connections',
  wellbeing: 'Wellbeing',
  perspective: 'New perspective',
  giving_back: 'Giving back',
};

export const TAKE_PART_AGAIN = { yes: 'Yes', maybe: 'Maybe', no: 'No' } as const;

/** A person's evaluation of the cycle they completed. Staff read it; the other side never does. */
export interface Evaluation {
  role: 'mentor' | 'mentee';
  takePartAgain: keyof typeof TAKE_PART_AGAIN;
  gained: Gain[];
  note?: string;
  /** A mentee's: would they recommend their mentor to another mentee. */
  recommendMentor?: boolean;
  /** A mentor's: may the association email them a letter of recognition. */
  letterByEmail?: boolean;
  answeredAt: string;
}

export const EVALUATION_NOTE_MAX_LENGTH = 500;

const yesNo = (message: string) => z.enum(['yes', 'no'], { error: message });
const gain = z.enum(Object.keys(GAINS) as [Gain, ...Gain[]], {
  error: 'Choose from the listed answers.',
});

const common = {
  takePartAgain: z.enum(['yes', 'maybe', 'no'], {
    error: 'Say whether you would take part again.',
  }),
  gained: z.optional(z.array(gain)),
  note: z.optional(
    z
      .string()
      .check(
        z.maxLength(
          EVALUATION_NOTE_MAX_LENGTH,
          `Keep the note to ${EVALUATION_NOTE_MAX_LENGTH} characters or fewer.`,
        ),
      ),
  ),
};

/** The evaluation form as it posts (urlencoded), per role, each message one a person reads. */
export const evaluationFormSchemas = {
  mentee: z.object({
    ...common,
    recommendMentor: yesNo('Say whether you would recommend your mentor.'),
  }),
  mentor: z.object({
    ...common,
    letterByEmail: yesNo('Say whether we may email you a letter of recognition.'),
  }),
};

/** One problem with one field of the form. */
export interface EvaluationProblem {
  field: string;
  message: string;
}

/** The form's field names, for reading a post back into the form. */
export const EVALUATION_FIELDS = [
  'takePartAgain',
  'gained',
  'note',
  'recommendMentor',
  'letterByEmail',
] as const;

/** The evaluation a posted form gives, or each problem with it. */
export function readEvaluationForm(
  role: Evaluation['role'],
  form: Record<string, unknown>,
  answeredAt: Date,
): { evaluation: Evaluation } | { problems: EvaluationProblem[] } {
  const given: Record<string, unknown> = {};
  for (const name of EVALUATION_FIELDS) {
    const value = form[name];
    if (name === 'gained') {
      // One checkbox posts a string, several an array.
      const values = (Array.isArray(value) ? value : [value]).filter(
        (each): each is string => typeof each === 'string' && each !== '',
      );
      if (values.length > 0) given.gained = values;
    } else if (typeof value === 'string' && value.trim() !== '') given[name] = value;
  }
  const parsed = evaluationFormSchemas[role].safeParse(given);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({
        field: String(issue.path[0] ?? 'form'),
        message: issue.message,
      })),
    };
  }
  const data = parsed.data as z.infer<(typeof evaluationFormSchemas)['mentee']> &
    Partial<z.infer<(typeof evaluationFormSchemas)['mentor']>>;
  const note = data.note?.trim();
  return {
    evaluation: {
      role,
      takePartAgain: data.takePartAgain,
      gained: [...new Set(data.gained ?? [])],
      ...(note ? { note } : {}),
      ...(role === 'mentee' ? { recommendMentor: data.recommendMentor === 'yes' } : {}),
      ...(role === 'mentor' ? { letterByEmail: data.letterByEmail === 'yes' } : {}),
      answeredAt: answeredAt.toISOString(),
    },
  };
}
