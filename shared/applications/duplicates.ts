/**
 * Which application a later one duplicates: the earliest of the same person's applications
 * for the same role that came before it and is still on file. Ids are ULIDs, which sort by
 * time. Derived from the applicant's current list, so erasing the first application links
 * the later ones to the next earliest instead of to nothing.
 */
export function earlierApplicationOf(
  applicationIds: readonly string[],
  id: string,
): string | undefined {
  let earliest: string | undefined;
  for (const other of applicationIds) {
    if (other < id && (earliest === undefined || other < earliest)) earliest = other;
  }
  return earliest;
}
