import type { Cycle } from '../applications/cycles.js';
import { recognitionLetterEmail } from '../applications/outbox.js';
import { mapWithBoundedConcurrency } from '../platform/bounded-concurrency.js';
import type { IssuedLetter, LetterEmailStatus, LetterFacts, StoredLetter } from './letter.js';
import {
  letterFactsOf,
  letterName,
  type MentorRecord,
  type NotEligibleReason,
  notEligibleMessage,
  whyNotEligible,
} from './mentor-record.js';
import type { RecognitionStore } from './recognition-ports.js';

/** What issuing needs: storage, the PDF renderer and the clock. */
export interface LetterDependencies {
  store: RecognitionStore;
  /** The letter's PDF (shared/recognition/letter-pdf.ts, with its words). */
  render: (letter: IssuedLetter) => Promise<Uint8Array>;
  now: () => Date;
}

/** What became of one mentor asked for. */
export type LetterOutcome =
  /** A new letter; `emailed` when the mentor consented and its email was queued with it. */
  | { id: string; outcome: 'issued'; emailed: boolean }
  /** Issued before, the mentor has consented since: its email is queued now. */
  | { id: string; outcome: 'emailed' }
  /** Issued before: nothing new (`emailed` says whether its email was ever queued). */
  | { id: string; outcome: 'already_issued'; emailed: boolean }
  | { id: string; outcome: 'not_eligible'; reason: NotEligibleReason; message: string }
  | { id: string; outcome: 'not_found' }
  /** The application changed between the read and the write (or was erased): read it again. */
  | { id: string; outcome: 'changed_meanwhile' }
  /** Not started: too close to the function's timeout. Send the id again. */
  | { id: string; outcome: 'not_attempted'; reason: 'out_of_time' };

/** Every outcome a mentor can have. */
export type LetterOutcomeName = LetterOutcome['outcome'];

const OUTCOMES: readonly LetterOutcomeName[] = [
  'issued',
  'emailed',
  'already_issued',
  'not_eligible',
  'not_found',
  'changed_meanwhile',
  'not_attempted',
];

/** What issuing letters did: each mentor's outcome in the order asked, and the counts. */
export interface LetterIssueReport {
  cycleId: string;
  results: LetterOutcome[];
  counts: Record<LetterOutcomeName, number>;
}

/** Whether a letter's email goes: the mentor said yes at the evaluation, and none went yet. */
const emailWanted = (record: MentorRecord) => record.consentsToEmail && !record.letterEmail;

async function issueOne(
  deps: LetterDependencies,
  request: { cycle: Cycle; id: string; issuedBy: string },
): Promise<LetterOutcome> {
  const { cycle, id } = request;
  const record = await deps.store.mentorRecord(id);
  if (!record) return { id, outcome: 'not_found' };
  const reason = whyNotEligible(record, cycle.id);
  if (reason) return { id, outcome: 'not_eligible', reason, message: notEligibleMessage(reason) };
  const now = deps.now();
  const emailFor = (issuedAt: string) =>
    recognitionLetterEmail(id, { cycleId: cycle.id, issuedAt }, now);
  if (record.letter) {
    if (!emailWanted(record)) {
      return { id, outcome: 'already_issued', emailed: record.letterEmail !== undefined };
    }
    const queued = await deps.store.queueLetterEmail(
      id,
      cycle.id,
      emailFor(record.letter.issuedAt),
    );
    if (queued === 'changed_meanwhile') return { id, outcome: 'changed_meanwhile' };
    return queued === 'queued'
      ? { id, outcome: 'emailed' }
      : { id, outcome: 'already_issued', emailed: true };
  }
  const issued: IssuedLetter = {
    ...letterFactsOf(record, cycle),
    issuedAt: now.toISOString(),
    issuedBy: request.issuedBy,
  };
  const letter: StoredLetter = { ...issued, pdf: await deps.render(issued) };
  const email = emailWanted(record) ? emailFor(issued.issuedAt) : undefined;
  const saved = await deps.store.saveLetter(letter, email);
  if (saved === 'changed_meanwhile') return { id, outcome: 'changed_meanwhile' };
  // Issued meanwhile by another admin's request: theirs stands, with its email if any.
  if (saved === 'already_issued') return { id, outcome: 'already_issued', emailed: false };
  return { id, outcome: 'issued', emailed: email !== undefined };
}

/**
 * Issues a letter of recognition to each mentor asked for who completed `cycle`: the facts
 * as they stand now, frozen in the letter with who issued it and when, its PDF rendered
 * once and kept, and its email queued when the mentor consented to one. Each mentor is
 * read, checked and written on their own (one transaction each, nothing written for a
 * mentor who does not qualify); four at a time, since rendering is most of the work. No
 * mentor is started after `until`: those are `not_attempted`, to be sent again.
 */
export async function issueLetters(
  deps: LetterDependencies,
  request: { cycle: Cycle; mentorIds: readonly string[]; issuedBy: string; until: Date },
): Promise<LetterIssueReport> {
  const results = await mapWithBoundedConcurrency(request.mentorIds, 4, async (id) => {
    if (deps.now() > request.until) {
      return { id, outcome: 'not_attempted', reason: 'out_of_time' } as const;
    }
    return issueOne(deps, { cycle: request.cycle, id, issuedBy: request.issuedBy });
  });
  const counts = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<
    LetterOutcomeName,
    number
  >;
  for (const result of results) counts[result.outcome] += 1;
  return { cycleId: request.cycle.id, results, counts };
}

/** One mentor as the list of a cycle's letters shows them. */
export interface LetterCandidate {
  mentorId: string;
  reference: string;
  /** As the letter names them. */
  name: string;
  /** The facts a letter issued now would state. */
  facts: Pick<LetterFacts, 'mentees' | 'meetings'>;
  /** Whether the mentor said yes to a letter by email. */
  consentsToEmail: boolean;
  /** The letter issued, without its PDF; null before one is. */
  letter: IssuedLetter | null;
  /** Its email's state; null when none was queued (no consent, or not issued yet). */
  email: LetterEmailStatus | null;
}

/**
 * The mentors who completed `cycle` (those whose matches all ended early included, shown
 * with no mentee: a letter would have nothing to say), by name, each with the facts a
 * letter would state, their consent, and the letter and email so far.
 */
export async function listLetterCandidates(
  deps: Pick<LetterDependencies, 'store'>,
  cycle: Pick<Cycle, 'id' | 'name'>,
): Promise<{ cycle: Pick<Cycle, 'id' | 'name'>; mentors: LetterCandidate[] }> {
  const records = await deps.store.completedMentorsOf(cycle.id);
  const mentors = records.map((record) => {
    const { mentees, meetings } = letterFactsOf(record, cycle);
    return {
      mentorId: record.id,
      reference: record.reference,
      name: letterName(record),
      facts: { mentees, meetings },
      consentsToEmail: record.consentsToEmail,
      letter: record.letter ?? null,
      email: record.letterEmail ?? null,
    };
  });
  mentors.sort(
    (a, b) => a.name.localeCompare(b.name, 'en') || a.mentorId.localeCompare(b.mentorId),
  );
  return { cycle: { id: cycle.id, name: cycle.name }, mentors };
}
