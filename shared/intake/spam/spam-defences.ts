import type { ApplicationType } from '../../applications/schemas/application-types.js';
import { type FormControls, honeypotFilled } from './form-controls.js';
import { type AcceptedFormToken, verifyFormToken } from './form-token.js';
import type { HumanCheck } from './human-check.js';

/** Which defences are on: each needs its secret. */
export interface SpamDefenceSettings {
  formSigningSecret?: string;
  /** The human check (Turnstile deployed), when one is configured. */
  humanCheck?: HumanCheck;
}

/** Why a submission was refused, with what the person should do. */
export interface SpamRefusal {
  kind: 'refused';
  code: string;
  message: string;
}

/** The outcome of the spam defences, checked in order: honeypot, fill time, Turnstile. */
export type SpamVerdict =
  /** Passed; `formToken` is the token's nonce when the fill-time defence is on, to be spent. */
  | { kind: 'passed'; formToken?: AcceptedFormToken }
  | { kind: 'honeypot' }
  | { kind: 'unavailable' }
  | SpamRefusal;

const RELOAD = 'Reload the form and send it again; your browser may keep what you typed.';
const RELOAD_FOR_ANOTHER = 'Reload the form to send another one.';

const TOKEN_REFUSALS: Record<string, SpamRefusal> = {
  missing: {
    kind: 'refused',
    code: 'form_token_missing',
    message: `This form must be opened from the program's page before it is sent. ${RELOAD}`,
  },
  forged: {
    kind: 'refused',
    code: 'form_token_invalid',
    message: `This form's security token is not valid. ${RELOAD}`,
  },
  too_fast: {
    kind: 'refused',
    code: 'too_fast',
    message: 'That was sent within seconds of the form opening. Wait a moment and send it again.',
  },
  expired: {
    kind: 'refused',
    code: 'form_expired',
    message: `The form was open for more than a day. ${RELOAD}`,
  },
};

/** A valid token already spent on another application (found when saving, not before). */
export const FORM_TOKEN_USED: SpamRefusal = {
  kind: 'refused',
  code: 'form_token_used',
  message: `This form has already been used to send an application. ${RELOAD_FOR_ANOTHER}`,
};

const HUMAN_CHECK_FAILED: SpamRefusal = {
  kind: 'refused',
  code: 'human_verification_failed',
  message:
    'We could not confirm that a person sent this. Complete the check on the form and send it again.',
};

/**
 * Runs the defences before anything is stored or emailed. A filled honeypot is reported
 * apart, so the caller can answer the bot with an ordinary-looking success.
 */
export async function checkSpamDefences(
  settings: SpamDefenceSettings,
  request: { type: ApplicationType; controls: FormControls; now: Date; remoteIp?: string },
): Promise<SpamVerdict> {
  if (honeypotFilled(request.controls)) return { kind: 'honeypot' };
  let formToken: AcceptedFormToken | undefined;
  if (settings.formSigningSecret !== undefined) {
    const verdict = verifyFormToken(
      settings.formSigningSecret,
      request.type,
      request.controls.formToken,
      request.now,
    );
    if (typeof verdict === 'string') return TOKEN_REFUSALS[verdict] ?? HUMAN_CHECK_FAILED;
    formToken = verdict;
  }
  if (settings.humanCheck) {
    const verdict = await settings.humanCheck.verify(
      request.controls.turnstileToken,
      request.remoteIp,
    );
    if (verdict === 'failed') return HUMAN_CHECK_FAILED;
    if (verdict === 'unavailable') return { kind: 'unavailable' };
  }
  return formToken ? { kind: 'passed', formToken } : { kind: 'passed' };
}
