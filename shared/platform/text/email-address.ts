// The addr-spec at the end of a mailbox: `Name <a@b.org>` (the display name may be quoted
// and contain anything, even brackets), or the bare address.
const ANGLE_ADDRESS = /<([^<>]*)>\s*$/;

/**
 * An address as this service compares and hashes it: the address inside the angle brackets
 * when a display name comes with it (SES reports recipients as they were written, e.g.
 * `"Some One" <Some.One@Example.ORG>`), trimmed and lower-cased throughout. Applicants'
 * addresses are lower-cased when they apply, and mailbox providers treat the local part
 * without regard to case, so a bounce for `A@Example.org` concerns `a@example.org`.
 */
export function normalizedAddress(mailbox: string): string {
  const inBrackets = ANGLE_ADDRESS.exec(mailbox)?.[1];
  return (inBrackets ?? mailbox).trim().toLowerCase();
}

/** Whether two mailboxes are the same address, whatever their display names or case. */
export function sameAddress(a: string, b: string): boolean {
  return normalizedAddress(a) === normalizedAddress(b);
}
