import type { ApplicationRepository, Environment } from '../applications/application-ports.js';
import { type CycleCalendar, type PostVerdict, verdictOnPost } from '../applications/cycles.js';
import type { Fingerprints } from '../applications/fingerprints.js';
import {
  type ApplicationType,
  applicationSchemas,
} from '../applications/schemas/application-types.js';
import { type FormFields, formFieldsToInput } from '../applications/schemas/form-fields.js';
import { describeIssues } from '../applications/schemas/validation-issues.js';
import type { Receipt } from '../applications/submission.js';
import type { FieldIssue } from '../platform/http/field-issues.js';
import type { OperationalLog } from '../platform/observability/operational-ports.js';
import { separateFormControls } from './spam/form-controls.js';
import {
  checkSpamDefences,
  FORM_TOKEN_USED,
  type SpamDefenceSettings,
  type SpamRefusal,
} from './spam/spam-defences.js';
import { submitApplication } from './submit-application.js';

/** Everything receiving an application needs: storage, time and ids, and its settings. */
export interface ReceiveApplicationDependencies {
  repository: ApplicationRepository;
  environment: Environment;
  /** Keyed hashes of the address and answers, for the guards' keys. */
  fingerprints: Fingerprints;
  log: OperationalLog;
  /** The spam defences that are on (their secrets resolved). */
  spamDefences: () => Promise<SpamDefenceSettings>;
  /** Whether each application also emails program staff a summary. */
  notifyStaff: boolean;
  /** The program's cycles: applications are taken inside a cycle's window. */
  calendar: Pick<CycleCalendar, 'list'>;
}

/** What became of a posted application. */
export type ReceiveOutcome =
  | { kind: 'accepted'; receipt: Receipt }
  | { kind: 'invalid'; issues: FieldIssue[] }
  | SpamRefusal
  | { kind: 'unavailable' }
  | { kind: 'closed'; window: Extract<PostVerdict, { accepted: false }>['window'] };

/**
 * The intake, from decoded body to receipt: spam defences first (a filled honeypot gets
 * a receipt that was never saved), then validation, then one save that also holds the
 * emails to send. No email is sent in the request: the table's stream drives the sender.
 */
export async function receiveApplication(
  deps: ReceiveApplicationDependencies,
  request: { type: ApplicationType; body: unknown; fromForm: boolean; remoteIp?: string },
): Promise<ReceiveOutcome> {
  const { type } = request;
  const schema = applicationSchemas[type];
  const { fields, controls } = separateFormControls(request.body);
  const now = deps.environment.now();
  // Read while the spam defences run; awaited only once they pass.
  const cycles = deps.calendar.list();
  cycles.catch(() => undefined);

  const spam = await checkSpamDefences(await deps.spamDefences(), {
    type,
    controls,
    now,
    remoteIp: request.remoteIp,
  });
  if (spam.kind === 'honeypot') {
    deps.log.warn('Honeypot filled; nothing stored or sent', { type });
    const { newId, newReference } = deps.environment;
    return {
      kind: 'accepted',
      receipt: {
        id: newId(),
        reference: newReference(),
        type,
        status: 'received',
        receivedAt: now.toISOString(),
      },
    };
  }
  if (spam.kind !== 'passed') return spam;
  const verdict = verdictOnPost(await cycles, now, spam.formToken?.issuedAt);
  if (!verdict.accepted) return { kind: 'closed', window: verdict.window };

  const input = request.fromForm ? formFieldsToInput(schema, fields as FormFields) : fields;
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    return { kind: 'invalid', issues: describeIssues(schema, parsed.error.issues, input) };

  // One write, then the answer: the emails are outbox items in that write, sent afterwards.
  const result = await submitApplication(deps, type, parsed.data, {
    formToken: spam.formToken,
    notifyStaff: deps.notifyStaff,
    ...(verdict.cycle ? { cycleId: verdict.cycle.id } : {}),
  });
  if (result.kind === 'token_used') return FORM_TOKEN_USED;
  return { kind: 'accepted', receipt: result.receipt };
}
