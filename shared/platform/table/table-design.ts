/**
 * The table's keys and indexes: the one description both the CDK storage construct and
 * the local runtime build the table from, so they cannot drift.
 */
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  /**
   * The stream carries keys only: a record says which outbox email was written, the sender
   * reads the rest, and nothing personal travels through the stream or what reads it.
   */
  streamView: 'KEYS_ONLY',
  indexes: {
    /**
     * Staff listing, newest first by `createdAt#id`, filtered by type and status. One
     * partition: a program receives hundreds of applications a year, far below a
     * partition's limits, and one partition keeps date ranges and paging simple.
     * Erased applications leave it.
     */
    byDate: { partitionKey: 'listKey', sortKey: 'createdKey', projection: 'ALL' },
    /** Sparse: only outbox emails still pending, oldest due first (the sweeper's queue). */
    pendingEmails: { partitionKey: 'emailPending', sortKey: 'emailDueAt', projection: 'ALL' },
    /**
     * Sparse: two small search entries per application ("first last" and "last first",
     * accents and case folded), for staff to find a name by its start. A normalised name sits
     * in this key because a prefix search needs the letters: a hash, which serves every exact
     * lookup (addresses, contents), cannot. Keys only: the index copies no answer.
     */
    byName: { partitionKey: 'nameListKey', sortKey: 'nameKey', projection: 'KEYS_ONLY' },
  },
} as const;

/** Every key attribute of the table and its indexes (all strings). */
export const KEY_ATTRIBUTES: readonly string[] = [
  TABLE_DESIGN.partitionKey,
  TABLE_DESIGN.sortKey,
  ...Object.values(TABLE_DESIGN.indexes).flatMap((index) => [index.partitionKey, index.sortKey]),
];
