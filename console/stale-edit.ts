import { matchEndReasonPhrase } from '../shared/applications/match-end-reasons.js';
import type { AuditEntry, Submission } from '../shared/applications/submission.js';
import { isApplicant } from '../shared/self-service/applicant-actor.js';

/** Labels for statuses, as the console shows them. */
export type StatusLabels = Readonly<Record<string, string>>;

/** Who made a change, as staff know them. */
export function actorName(entry: AuditEntry): string {
  if (isApplicant(entry.by)) return 'the applicant (from their link)';
  return entry.by.email ?? 'another member of staff';
}

/**
 * A match as one part of a history sentence: approved, or ended (by staff, with their reason
 * and note, and what follows for the pair).
 */
function matchPart(match: NonNullable<AuditEntry['changes']['match']>, note?: string): string {
  if (match.event === 'approved') return 'approved a match';
  if (match.event === 'colleague') {
    return `brought in a colleague as a second mentor, for: ${match.need ?? 'a need'}`;
  }
  if (match.secondary) return "ended the colleague's match";
  if (!match.reason) return 'ended the match';
  const said = note ? `, noting “${note}”` : '';
  const after = [
    match.priority ? 'back in the pool with priority for the next run' : '',
    match.excluded ? 'the two will not be suggested together again' : '',
  ].filter(Boolean);
  return `ended the match: ${matchEndReasonPhrase(match.reason)}${said}${after.length ? `; ${after.join(', and ')}` : ''}`;
}

/** One history entry as a sentence: "jane@… changed the status from Received to Under review". */
export function describeChange(entry: AuditEntry, statuses: StatusLabels): string {
  const parts: string[] = [];
  const { status, notes } = entry.changes;
  // The other side of a match left on their own: this application's applicant did nothing.
  if (isApplicant(entry.by) && entry.changes.match?.event === 'ended') {
    const back = status ? `; back to ${statuses[status.to] ?? status.to}` : '';
    // A colleague's match also ends when the mentee's mentor leaves: someone else left.
    if (entry.changes.match.secondary) {
      return `the colleague's match ended: an applicant withdrew or deleted their application${back}`;
    }
    return `the match ended: the other applicant withdrew or deleted their application${back}`;
  }
  if (status) {
    parts.push(
      `changed the status from ${statuses[status.from] ?? status.from} to ${statuses[status.to] ?? status.to}`,
    );
  }
  if (notes) parts.push('changed the notes');
  const { match } = entry.changes;
  // An ending's note belongs to its reason; any other entry's note closes the sentence.
  const endingSaysNote = match?.event === 'ended' && match.reason !== undefined;
  if (match) parts.push(matchPart(match, endingSaysNote ? entry.note : undefined));
  const said = entry.note && !endingSaysNote ? `, noting “${entry.note}”` : '';
  return `${actorName(entry)} ${parts.length ? parts.join(' and ') : 'saved it'}${said}`;
}

/**
 * What others changed between the version a person started editing and the current one:
 * the history entries added since, as sentences. A stale edit (409) shows these, keeps
 * what the person typed, and lets them save again over the current version.
 */
export function changesSince(started: Submission, current: Submission, statuses: StatusLabels) {
  const seen = started.history?.length ?? 0;
  const added = (current.history ?? []).slice(seen);
  const sentences = added.map((entry) => describeChange(entry, statuses));
  if (sentences.length === 0 && current.version !== started.version) {
    sentences.push('someone else saved a change');
  }
  return sentences;
}
