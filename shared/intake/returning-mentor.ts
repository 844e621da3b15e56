import type { ApplicationRepository, Environment } from '../applications/application-ports.js';
import {
  type Cycle,
  type CycleCalendar,
  type IntakeWindow,
  verdictOnPost,
} from '../applications/cycles.js';
import type { Fingerprints } from '../applications/fingerprints.js';
import { type AcceptedInvitation, verifyInvitationLink } from '../applications/invitation-link.js';
import { type FormFields, formFieldsToInput } from '../applications/schemas/form-fields.js';
import { mentorApplicationSchema } from '../applications/schemas/mentor.js';
import { describeIssues } from '../applications/schemas/validation-issues.js';
import type { Receipt, Submission } from '../applications/submission.js';
import type { FieldIssue } from '../platform/http/field-issues.js';
import type { LinkRefusal } from '../platform/signing/signed-fields.js';
import { submitApplication } from './submit-application.js';

/**
 * What a returning mentor chooses again: how many mentees and which stages. Everything
 * else comes from their earlier application; consent is given afresh for the new one.
 */
export const RECONFIRMED_FIELDS = ['capacity', 'menteeStages', 'consent'] as const;

/** What the returning mentor's page needs. */
export interface ReturningMentorDependencies {
  repository: ApplicationRepository;
  environment: Environment;
  fingerprints: Fingerprints;
  calendar: Pick<CycleCalendar, 'list'>;
  linkSecret: string;
  /** Whether each application also emails program staff a summary, as the forms do. */
  notifyStaff: boolean;
}

/** Where an invitation link leads. */
export type OpenedInvitation =
  | { kind: 'refused'; reason: LinkRefusal }
  /** The earlier application was erased, or is not a mentor's. */
  | { kind: 'gone' }
  /** The invited cycle is not taking applications now (not yet, or no longer). */
  | { kind: 'not_open'; window: Exclude<IntakeWindow, { state: 'open' | 'always' }> }
  | { kind: 'open'; earlier: Submission; cycle: Cycle; invitation: AcceptedInvitation };

/**
 * Checks an invitation link and what it names: the earlier mentor application, still held,
 * and the invited cycle, taking applications now (its window, or the grace after its close:
 * nothing on the page says when it was opened, so the grace is given as the forms give it
 * without the fill-time defence).
 */
export async function openInvitation(
  deps: ReturningMentorDependencies,
  token: unknown,
): Promise<OpenedInvitation> {
  const now = deps.environment.now();
  const invitation = verifyInvitationLink(deps.linkSecret, token, now);
  if (typeof invitation === 'string') return { kind: 'refused', reason: invitation };
  const [earlier, cycles] = await Promise.all([
    deps.repository.findSubmission(invitation.applicationId),
    deps.calendar.list(),
  ]);
  if (earlier?.type !== 'mentor') {
    return { kind: 'gone' };
  }
  const verdict = verdictOnPost(cycles, now);
  const cycle = cycles.find((each) => each.id === invitation.cycleId);
  if (!cycle) return { kind: 'gone' };
  if (verdict.accepted && verdict.cycle?.id === cycle.id) {
    return { kind: 'open', earlier, cycle, invitation };
  }
  return {
    kind: 'not_open',
    window:
      Date.parse(cycle.opensAt) > now.getTime()
        ? { state: 'upcoming', cycle }
        : { state: 'closed', cycle },
  };
}

/** What became of a returning mentor's confirmation. */
export type ConfirmOutcome =
  | { kind: 'created'; receipt: Receipt }
  | { kind: 'replayed'; receipt: Receipt }
  | { kind: 'invalid'; issues: FieldIssue[]; chosen: Record<string, unknown> }
  /** The link was used already: one application per invitation. */
  | { kind: 'already_confirmed' };

/**
 * Makes the new cycle's application from the earlier one, with the capacity and stages the
 * mentor chose and their consent, validated as a fresh application would be. The link is
 * spent in the same write (a single-use token named after the invitation), so a second
 * confirmation, from another tab or a forwarded email, saves nothing.
 */
export async function confirmReturningMentor(
  deps: ReturningMentorDependencies,
  opened: Extract<OpenedInvitation, { kind: 'open' }>,
  form: FormFields,
): Promise<ConfirmOutcome> {
  // Only the fields the page asks for: the conversion also reads every absent box as false.
  const converted = formFieldsToInput(mentorApplicationSchema, form);
  const chosen = Object.fromEntries(
    RECONFIRMED_FIELDS.flatMap((name) => (name in converted ? [[name, converted[name]]] : [])),
  );
  const { consent: _earlierConsent, ...earlierAnswers } = opened.earlier.application as Record<
    string,
    unknown
  >;
  const input = { ...earlierAnswers, ...chosen };
  const parsed = mentorApplicationSchema.safeParse(input);
  if (!parsed.success) {
    return {
      kind: 'invalid',
      issues: describeIssues(mentorApplicationSchema, parsed.error.issues, input),
      chosen,
    };
  }
  const { invitation, cycle } = opened;
  const result = await submitApplication(deps, 'mentor', parsed.data, {
    formToken: {
      nonce: `invitation:${invitation.applicationId}:${invitation.cycleId}`,
      expiresAt: invitation.expiresAt,
    },
    notifyStaff: deps.notifyStaff,
    cycleId: cycle.id,
  });
  if (result.kind === 'token_used') return { kind: 'already_confirmed' };
  return { kind: result.kind, receipt: result.receipt };
}
