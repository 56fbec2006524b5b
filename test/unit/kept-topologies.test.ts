import { spawn, type ChildProcess } from 'node:child_process';
import { claimKept, forgetKept, keepForLater, recordNew } from '../../harness/topology/kept-topologies';

// Claims of kept topologies across processes (`--reuse`): a topology its healer still holds is
// waited for, one whose healer died is taken at once, one a live run holds is not waited for.
describe('claiming a kept topology', () => {
  const shape = `unit-shape-${process.pid}`;
  let healer: ChildProcess | undefined;
  afterEach(() => {
    healer?.kill('SIGKILL');
    for (const runId of ['unit-a', 'unit-b', 'unit-c'].map((id) => `${id}-${process.pid}`)) forgetKept(runId);
  });

  it('should wait while a live healer holds it, and take it once the healer is gone', async () => {
    const runId = `unit-a-${process.pid}`;
    recordNew(runId, shape);
    healer = spawn('sleep', ['30'], { stdio: 'ignore' });
    keepForLater(runId, shape, () => healer!.pid);
    const began = Date.now();
    setTimeout(() => healer!.kill('SIGKILL'), 600);
    const claimed = await claimKept(shape);
    expect(claimed?.runId).toBe(runId);
    expect(Date.now() - began).toBeGreaterThanOrEqual(500);
  });

  it('should take one kept with no healer at once', async () => {
    const runId = `unit-b-${process.pid}`;
    recordNew(runId, shape);
    keepForLater(runId, shape);
    const began = Date.now();
    expect((await claimKept(shape))?.runId).toBe(runId);
    expect(Date.now() - began).toBeLessThan(500);
  });

  it('should not wait for one a live run holds (negative twin: only a healer is waited for)', async () => {
    recordNew(`unit-c-${process.pid}`, shape);
    const began = Date.now();
    expect(await claimKept(shape)).toBeUndefined();
    expect(Date.now() - began).toBeLessThan(500);
  });
});
