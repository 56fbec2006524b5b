import { creationsSettled, refuseNewCreations, whileCreating } from '../../harness/topology/run-cleanup';

describe('what the engine is still creating when Ctrl-C comes', () => {
  it('should make the sweep wait for a network still being created', async () => {
    let answer!: () => void;
    const created = whileCreating(() => new Promise<void>((done) => (answer = done)));
    let settled = false;
    const waiting = creationsSettled(Date.now() + 5_000).then(() => (settled = true));
    await new Promise((wake) => setTimeout(wake, 50));
    expect(settled).toBe(false);
    answer();
    await created;
    await waiting;
    expect(settled).toBe(true);
  });

  it('should give up waiting at the deadline, the creation still pending', async () => {
    let answered = false;
    void whileCreating(() => new Promise<void>(() => undefined)).then(() => (answered = true));
    await creationsSettled(Date.now() + 100);
    expect(answered).toBe(false);
  });

  it('should ask the engine for nothing new once the teardown has begun', async () => {
    refuseNewCreations();
    const create = jest.fn(async () => 'network');
    await expect(whileCreating(create)).rejects.toThrow(/interrupted/);
    expect(create).not.toHaveBeenCalled();
  });
});
