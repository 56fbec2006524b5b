/**
 * Calls `work` on every item, at most `width` at a time, in the items' order as each slot frees.
 * Runs mostly wait (on timeouts, on queue runs), so two side by side on their own networks take
 * little more than one. When one fails, no further item starts, the others already running end
 * (each removing what it started), and then the first failure is thrown.
 */
export async function inParallel<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        await work(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, lane));
  if (failure) throw failure.error;
}
