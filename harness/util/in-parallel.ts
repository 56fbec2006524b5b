/**
 * Calls `work` on every item, at most `width` at a time, in the items' order as each slot frees.
 * Runs mostly wait (on timeouts, on queue runs), so two side by side on their own networks take
 * little more than one.
 */
export async function inParallel<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, lane));
}
