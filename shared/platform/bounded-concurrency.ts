/**
 * Maps `items` through `work` with at most `limit` calls in flight, answering the results in
 * the items' order. When one call fails, no further call starts; the failure is thrown once
 * those in flight have settled, so nothing keeps running after the caller has its answer
 * (Lambda freezes a container once it answers, and would resume the stragglers later).
 */
export async function mapWithBoundedConcurrency<Item, Result>(
  items: readonly Item[],
  limit: number,
  work: (item: Item, index: number) => Promise<Result>,
): Promise<Result[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be 1 or more');
  const results: Result[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as Item, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}
