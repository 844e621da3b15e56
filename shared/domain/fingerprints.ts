import { createHash } from 'node:crypto';
import type { Application, ApplicationType } from '../schemas/application-types.js';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** JSON with object keys sorted, so the same content always serialises the same way. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested !== null && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(
          Object.entries(nested as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : nested,
  );
}

/** Identifies an address without storing it in a key: used for per-address guards and quotas. */
export function emailKey(email: string): string {
  return sha256(`email\n${email}`);
}

/** Identifies one person applying for one role. */
export function applicantKey(type: ApplicationType, email: string): string {
  return sha256(`applicant\n${type}\n${email}`);
}

/** Identifies one exact application (same role, address and answers). */
export function contentKey(type: ApplicationType, application: Application): string {
  return sha256(`content\n${type}\n${canonicalJson(application)}`);
}
