/**
 * Why this service no longer writes to an address, and since when: it bounced for good or
 * its owner marked an email as spam. Staff see it where it matters (a suggested pair, an
 * application), because every email to that address, introductions included, is dropped.
 */
export interface AddressProblem {
  reason: 'bounced' | 'complained';
  /** When it was recorded (ISO 8601); absent only if the record lacks it. */
  since?: string;
}

/** The suppression list, read for staff. */
export interface AddressProblems {
  /** The problem of each listed address, keyed by the address as given; unlisted ones are absent. */
  find(addresses: readonly string[]): Promise<Map<string, AddressProblem>>;
}

/**
 * The address of each of these applications, by id. Ids without a submission among
 * `submissions` (erased, or no longer in the pool) are left out: there is no address to check.
 */
export function addressesOf(
  ids: Iterable<string>,
  // What of an application this needs (a submission is one): its id and its address.
  submissions: ReadonlyArray<{ id: string; application: { email: string } }>,
): Map<string, string> {
  const byId = new Map(submissions.map((submission) => [submission.id, submission]));
  const addresses = new Map<string, string>();
  for (const id of ids) {
    const email = byId.get(id)?.application.email;
    if (email) addresses.set(id, email);
  }
  return addresses;
}

/** Each application whose address is suppressed, by id, from one lookup of all their addresses. */
export async function addressProblemsByApplication(
  lookup: AddressProblems,
  addresses: ReadonlyMap<string, string>,
): Promise<Record<string, AddressProblem>> {
  if (addresses.size === 0) return {};
  const problems = await lookup.find([...new Set(addresses.values())]);
  const found: Record<string, AddressProblem> = {};
  for (const [id, address] of addresses) {
    const problem = problems.get(address);
    if (problem) found[id] = problem;
  }
  return found;
}
