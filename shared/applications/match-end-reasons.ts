/**
 * Why staff ended a match, as the API takes it and as the console and the history say it.
 * It lives beside the application because both sides' history entries keep it (and the
 * mentee's record of who is left out for them); this file imports nothing, so the console's
 * bundle takes the words and nothing else.
 */
export const MATCH_END_REASONS = {
  schedule: 'Schedule conflicts',
  fit: 'Not a good fit',
  goals_changed: "The mentee's goals changed",
  completed_early: 'Completed early',
  other: 'Other reason',
} as const;

/** A reason a match was ended, by its value. */
export type MatchEndReason = keyof typeof MATCH_END_REASONS;

/** The reasons in the order a person chooses from them. */
export const MATCH_END_REASON_VALUES = Object.keys(MATCH_END_REASONS) as [
  MatchEndReason,
  ...MatchEndReason[],
];

/** The longest note kept with an ending for `other` (one line). */
export const MATCH_END_NOTE_MAX_LENGTH = 200;

/** The reason in words that fit mid-sentence ("ended the match: not a good fit"). */
export function matchEndReasonPhrase(reason: string): string {
  const label = MATCH_END_REASONS[reason as MatchEndReason] ?? reason;
  return label.charAt(0).toLowerCase() + label.slice(1);
}
