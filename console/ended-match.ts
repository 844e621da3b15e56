import { matchEndReasonPhrase } from '../shared/applications/match-end-reasons.js';
import type { MatchEndingOutcome } from '../shared/matching/match-ending.js';

/** What ending a match did, in the words the live region says once it is done. */
export function endedMatchSentence(outcome: MatchEndingOutcome): string {
  const mentee = outcome.returnedToPool
    ? 'The mentee is back under review with priority for the next matching run'
    : 'The mentee is back under review';
  const leftOut = outcome.mentorExcluded ? ', and this mentor is left out for them' : '';
  const mentor =
    outcome.mentorStatus === 'matched'
      ? 'The mentor stays matched with their other mentees.'
      : 'The mentor is back under review.';
  const colleague = outcome.colleague
    ? ` The colleague's match ended with it; the colleague is ${
        outcome.colleague.mentorStatus === 'matched'
          ? 'still matched with other mentees'
          : 'back under review'
      }.`
    : '';
  return `The match has ended (${matchEndReasonPhrase(outcome.reason)}). ${mentee}${leftOut}. ${mentor}${colleague}`;
}
