/**
 * Fields a form carries for spam defence rather than for the application. They are taken
 * out before validation, so the application schema stays strict.
 */
export const FORM_CONTROL_FIELDS = {
  /** Hidden from people; a bot that fills every field fills it. */
  honeypot: 'website',
  /** The signed time the form was rendered. */
  formToken: 'formToken',
  /** Cloudflare Turnstile's widget posts its token under this name. */
  turnstile: 'cf-turnstile-response',
} as const;

/** The spam-defence values a request carried. */
export interface FormControls {
  honeypot?: unknown;
  formToken?: unknown;
  turnstileToken?: unknown;
}

/** Splits a decoded body into the application's fields and the spam-defence controls. */
export function separateFormControls(body: unknown): { fields: unknown; controls: FormControls } {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { fields: body, controls: {} };
  const { honeypot, formToken, turnstile } = FORM_CONTROL_FIELDS;
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name !== honeypot && name !== formToken && name !== turnstile) {
      Object.defineProperty(fields, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  const record = body as Record<string, unknown>;
  return {
    fields,
    controls: {
      honeypot: Object.hasOwn(record, honeypot) ? record[honeypot] : undefined,
      formToken: Object.hasOwn(record, formToken) ? record[formToken] : undefined,
      turnstileToken: Object.hasOwn(record, turnstile) ? record[turnstile] : undefined,
    },
  };
}

/** True when the honeypot holds anything a person could not have typed into a hidden field. */
export function honeypotFilled(controls: FormControls): boolean {
  const value = controls.honeypot;
  if (value === undefined || value === null || value === false) return false;
  return String(value).trim() !== '';
}
