import { inParallel } from '../../harness/util/in-parallel';

describe('inParallel', () => {
  it('should do every item, never more than the width at once, starting them in order', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    await inParallel([30, 10, 20, 5, 15], 2, async (ms, index) => {
      started.push(index);
      most = Math.max(most, ++running);
      await new Promise((wake) => setTimeout(wake, ms));
      running--;
    });
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('should do them one at a time at width 1, and nothing on no items', async () => {
    let most = 0;
    let running = 0;
    await inParallel([1, 2, 3], 1, async () => {
      most = Math.max(most, ++running);
      await Promise.resolve();
      running--;
    });
    expect(most).toBe(1);
    await expect(inParallel([], 2, async () => undefined)).resolves.toBeUndefined();
  });
});
