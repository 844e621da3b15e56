import {
  type LinkRefusal,
  signatureMatches,
  signFields,
} from '../platform/signing/signed-fields.js';
import { isSubmissionId } from './submission.js';

/** A link naming one application and one cycle that checks out, and until when it works. */
export interface AcceptedCycleLink {
  applicationId: string;
  cycleId: string;
  expiresAt: Date;
}

const signedFields = (applicationId: string, cycleId: string, seconds: number) => [
  applicationId,
  cycleId,
  String(seconds),
];

/**
 * Links that name an application and a cycle (`<id>.<cycleId>.<expiry>.<signature>`),
 * signed with the applicant-link key under `purpose`: each purpose is a kind of link of its
 * own, so an invitation never passes for an evaluation, nor either for another link.
 */
export function cycleLinks(purpose: string) {
  return {
    /** The token: deterministic, so every rendering of an email carries the same one. */
    sign(secret: string, link: AcceptedCycleLink): string {
      const { applicationId, cycleId } = link;
      const seconds = Math.floor(link.expiresAt.getTime() / 1000);
      const signature = signFields(secret, purpose, signedFields(applicationId, cycleId, seconds));
      return `${applicationId}.${cycleId}.${seconds}.${signature}`;
    },
    /** Checks a token: ours (in constant time), well formed, and not expired. */
    verify(secret: string, token: unknown, now: Date): AcceptedCycleLink | LinkRefusal {
      if (typeof token !== 'string') return 'malformed';
      const match = /^([0-9A-Z]{26})\.([\w-]{1,64})\.(\d{1,12})\.([\w-]{43})$/.exec(token);
      if (!match?.[1] || !match[2] || !match[3] || !match[4] || !isSubmissionId(match[1])) {
        return 'malformed';
      }
      const [, applicationId, cycleId, secondsText, given] = match;
      const seconds = Number(secondsText);
      if (
        !signatureMatches(secret, purpose, signedFields(applicationId, cycleId, seconds), given)
      ) {
        return 'forged';
      }
      const expiresAt = new Date(seconds * 1000);
      if (now.getTime() >= expiresAt.getTime()) return 'expired';
      return { applicationId, cycleId, expiresAt };
    },
  };
}
