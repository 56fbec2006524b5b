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

  it('should start nothing more after a failure, let the running item end, then throw the first failure', async () => {
    const ended: number[] = [];
    const run = inParallel([0, 1, 2, 3], 2, async (item) => {
      if (item === 0) throw new Error('first failed');
      await new Promise((wake) => setTimeout(wake, 30));
      ended.push(item);
    });
    await expect(run).rejects.toThrow('first failed');
    // Item 1 was running when 0 failed: it ended before the throw; 2 and 3 never started.
    expect(ended).toEqual([1]);
  });
});
