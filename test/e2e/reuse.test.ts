import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reverseDnsOf, runScenario, ScenarioResult, ScenarioDefinition } from '../../harness';
import { loadScenario } from '../../harness/scenario/load-scenario';
import { TopologyPool } from '../../harness/topology/topology-pool';
import { FaultInjector } from '../../harness/topology/fault-injector';
import { MailSender } from '../../harness/mail/mail-sender';
import { ensureImages } from '../../harness/engine/image-builder';
import { silentProgress } from '../../harness/util/progress';
import { harnessLeftovers } from './harness-containers';
import { LiveCli, runCli, runTsxAsync } from './cli-runner';
import { getContainerRuntimeClient } from 'testcontainers';
import { isUnsupported, onClient } from '../../harness/mta/client-choice';
import { waitUntil } from '../../harness/util/wait-until';
import { FULL_SUITE } from './suite-tier';

// A kept topology, reset between runs, gives each run what a fresh start gives it: the same
// verdict and the same evidence, even after a run that left every kind of fault in place.

/**
 * What a run showed, without what timing decides: which messages Exim's retry data lets skip the
 * refusing mail1 (its 1 s retry rule) changes from run to run, so the tries are compared as the set
 * of what each host answered, not as whole trails.
 */
function evidence(result: ScenarioResult) {
  const fates: Record<string, number> = {};
  for (const message of result.messages) fates[message.status] = (fates[message.status] ?? 0) + 1;
  const carriedBy = [...new Set(result.messages.map((m) => m.step))].sort().map((step) =>
    [...new Set(result.messages.filter((m) => m.step === step).flatMap((m) => m.deliveries.map((d) => d.carriedBy)))].sort());
  const tries = [...new Set(result.messages.flatMap((m) => (m.attempts ?? []).map((a) => `${a.host.split('.')[0]} ${a.result}`)))].sort();
  return {
    passed: result.passed,
    failed: result.expectations.filter((e) => !e.passed).map((e) => e.description.split(':')[0]),
    messages: result.messages.length,
    fates,
    carriedBy,
    tries,
  };
}

/** A topology of the scenario's shape from the pool (reset, when one is kept), with a way to fault it and send to it. */
async function acquire(pool: TopologyPool, scenario: ScenarioDefinition) {
  const runId = `mrh-abandoned-${Date.now()}`;
  const { topology, reused } = await pool.acquire({
    runId, scenario: scenario.name, domain: scenario.domain, zone: scenario.zone, servers: scenario.servers,
    client: scenario.client, route: scenario.route, clientFiles: scenario.clientFiles, stoppedByAStep: new Set(),
  }, await ensureImages(silentProgress), silentProgress);
  const injector = new FaultInjector(topology, () => 0);
  return {
    topology,
    reused,
    pause: (server: string) => injector.fault(server, 'pause'),
    send: async (subjects: string[]) => {
      const sender = new MailSender({ host: topology.client.address, port: 25, from: `harness@${scenario.domain}`, to: `inbox@${scenario.domain}`, messageIdDomain: `${runId}.harness.test` });
      await sender.sendAll(subjects);
      sender.close();
    },
  };
}

/**
 * A run that died in the middle of its faults, as far as its topology knows: faults put on members
 * and mail submitted, nothing healed, the topology handed back as it is.
 */
async function abandonWith(pool: TopologyPool, scenario: ScenarioDefinition, faults: (injector: FaultInjector) => Promise<void>): Promise<void> {
  const { topology, send } = await acquire(pool, scenario);
  await send(['left-1', 'left-2', 'left-3']);
  await faults(new FaultInjector(topology, () => 0));
  await pool.release(topology);
}

describe('a topology kept between runs', () => {
  const pool = new TopologyPool(1);
  const fresh = new Map<string, ReturnType<typeof evidence>>();
  const scenarios = ['fault-mx-pair-refused', 'fault-mx-pair-greeting-4xx', 'fault-mx-pair-servfail'];

  afterAll(async () => {
    await pool.close();
    expect(await harnessLeftovers()).toEqual({ containers: [], networks: [] });
  });

  it.each(scenarios)('should give %s the same verdict and evidence as a fresh start', async (name) => {
    const scenario = await loadScenario(name);
    const own = await runScenario(scenario);
    fresh.set(name, evidence(own));
    expect(own.topology?.reused).toBeUndefined();
    // Twice on the pool: the first may start it, the second is certainly a reset.
    await runScenario(scenario, { pool });
    const reused = await runScenario(scenario, { pool });
    expect(reused.topology?.reused).toEqual({ startedBy: expect.any(String), resetMs: expect.any(Number) });
    expect(evidence(reused)).toEqual(fresh.get(name));
  });

  // Each client on a row its matrix cell holds on, first left by a run with mail queued behind its
  // frozen servers: the reset empties its queue and begins its log again (with the host status, retry data
  // or route penalties that decide its next tries), and the next run's evidence is a fresh run's.
  it.each([
    ['exim', 'fault-mx-pair-refused'],
    ['opensmtpd', 'null-mx-0'],
    ['sendmail', 'null-mx-10'],
  ] as const)('should give %s, reset in place too, the evidence of a fresh start on %s, with nothing left of the run before', async (mta, name) => {
    const scenario = onClient(await loadScenario(name), mta);
    if (isUnsupported(scenario)) throw new Error(scenario.finding);
    const own = evidence(await runScenario(scenario));
    const left = await acquire(pool, scenario);
    for (const server of scenario.servers) await left.pause(server.name);
    await left.send(['left-1', 'left-2', 'left-3']);
    await waitUntil(async () => ((await left.topology.client.queue()).length >= 3 ? true : undefined), { what: 'the three to wait in the queue', timeoutMs: 10_000, intervalMs: 100 });
    await pool.release(left.topology);
    const reset = await acquire(pool, scenario);
    expect(reset.reused).toBe(true);
    expect(await reset.topology.client.queue()).toEqual([]);
    const log = await reset.topology.client.deliveryLog();
    expect([log.deliveries.size, log.attempts.size]).toEqual([0, 0]);
    await pool.release(reset.topology);
    const reused = await runScenario(scenario, { pool });
    expect(reused.topology?.reused).toBeDefined();
    expect(evidence(reused)).toEqual(own);
  });

  it("should check reverse DNS against the zone it now serves, not the last run's PTR records", async () => {
    const asWritten = await loadScenario('reverse-dns');
    // The same shape with the PTR records moved: only mail3 has one now.
    const moved = {
      ...asWritten,
      reverseZone: asWritten.reverseZone!.replace(/\{\{host:mail1\}\}.*\n\s*\{\{host:mail2\}\}.*/, '{{host:mail3}}   IN PTR mail3.example-domain.com.'),
      expect: [reverseDnsOf({ confirmed: ['mail3'], unconfirmed: ['mail1', 'mail2'] })],
    };
    expect(moved.reverseZone).not.toEqual(asWritten.reverseZone);
    expect((await runScenario(asWritten, { pool })).passed).toBe(true);
    const next = await runScenario(moved, { pool });
    expect(next.topology?.reused).toBeDefined();
    // The sink's resolver once kept the last run's PTR answers for their TTL, and confirmed mail1 and mail2.
    expect(next.expectations.map((e) => [e.description, e.passed])).toEqual([
      [expect.stringMatching(/relay's own log/), true],
      ['forward-confirmed reverse DNS holds for mail3 and fails for mail1, mail2', true],
    ]);
  });

  it('should start afresh, saying so, when a member of the kept topology is gone', async () => {
    const scenario = await loadScenario('fault-mx-pair-refused');
    const kept = await runScenario(scenario, { pool });
    const { dockerode } = (await getContainerRuntimeClient()).container;
    await dockerode.getContainer(`${kept.topology?.reused?.startedBy ?? kept.runId}-mail2`).remove({ force: true });
    const said: string[] = [];
    const next = await runScenario(scenario, { pool, progress: { info: (line) => said.push(line) } });
    expect(next.topology?.reused).toBeUndefined();
    expect(said.join('\n')).toMatch(/could not be reset .*: starting a fresh one/);
    expect(evidence(next)).toEqual(fresh.get('fault-mx-pair-refused') ?? evidence(await runScenario(scenario)));
  });

  it.each([
    ['pause, disconnect, servfail', async (f: FaultInjector) => { await f.fault('mail1', 'pause'); await f.fault('mail2', 'disconnect'); await f.servfail('mailstore.example-domain.com'); }],
    ['kill, a 421 greeting', async (f: FaultInjector) => { await f.fault('mail1', 'kill'); await f.smtpFault('mail2', { stage: 'greeting', reply: '421 4.3.2 leaving' }); }],
    ['stop, a black hole, refuse', async (f: FaultInjector) => { await f.stop('mail1'); await f.smtpFault('mail2', { stage: 'end-of-data', blackHole: true }); await f.fault('mail2', 'refuse'); }],
  ])('should reset a topology a run left with %s, to the evidence of a fresh start', async (_faults, faults) => {
    const scenario = await loadScenario('fault-mx-pair-refused');
    await abandonWith(pool, scenario, faults);
    const result = await runScenario(scenario, { pool });
    expect(result.topology?.reused).toBeDefined();
    expect(evidence(result)).toEqual(fresh.get('fault-mx-pair-refused') ?? evidence(await runScenario(scenario)));
  });
});

// `--reuse` across processes: a run keeps its topology for the next process, which takes it over
// and resets it, even after the keeping run was killed (SIGKILL) in the middle of its fault.
describe('npm run scenario -- NAME --reuse', () => {
  afterAll(async () => {
    expect(runCli('--clean').status).toBe(0);
    expect(await harnessLeftovers()).toEqual({ containers: [], networks: [] });
  });

  // Two kinds of fault in every CI run (a container frozen, an SMTP answer); every kind in the nightly (test:full).
  it.each(([
    ['fault-paused', /step 2: pause server-one/],
    ['fault-killed', /step 2: kill server-one/],
    ['fault-partitioned', /step 2: disconnect server-one/],
    ['fault-refused', /step 2: refuse server-one/],
    ['fault-greeting-4xx', /step 2: server-one answers/],
  ] as const).filter(([name]) => FULL_SUITE || ['fault-paused', 'fault-greeting-4xx'].includes(name)))('should play %s on the topology a killed run kept, with a fresh run\'s verdict and evidence', async (name, during) => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-reuse-'));
    // The fresh run (no --reuse: it neither keeps nor takes a topology) goes beside the one to kill.
    const fresh = runTsxAsync('harness/cli.ts', [name, '--json', join(dir, 'fresh.json')]);
    const killed = new LiveCli('harness/cli.ts', [name, '--reuse']);
    await killed.waitFor(during);
    killed.child.kill('SIGKILL');
    await killed.exit();
    expect((await fresh).status).toBe(0);
    // The killed run's containers are still up, fault and all; its record still claimed by a dead process.
    const reused = runCli(name, '--reuse', '--json', join(dir, 'reused.json'));
    expect(reused.stdout).toMatch(/reused the topology of run mrh-/);
    const json = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
    expect(evidenceOfJson(json('reused.json'))).toEqual(evidenceOfJson(json('fresh.json')));
    expect(reused.status).toBe(0);
  });
});

/**
 * The --json document's evidence, without what chance decides: which of two equal SRV targets
 * carried a message (each step's expectation says whether it was one of them), so a carrier in a
 * trail is "a relay" and the broken server keeps its name.
 */
function evidenceOfJson(result: { passed: boolean; messages: { status: string; attempts: { host: string; result: string }[] }[]; expectations: { passed: boolean; description: string }[] }) {
  const fates: Record<string, number> = {};
  for (const message of result.messages) fates[message.status] = (fates[message.status] ?? 0) + 1;
  const trails = [...new Set(result.messages.map((m) => m.attempts.map((a) => `${a.result === 'sent' ? 'a relay' : a.host.split('.')[0]} ${a.result}`).join(' > ')))].sort();
  return { passed: result.passed, failed: result.expectations.filter((e) => !e.passed).map((e) => e.description), fates, trails };
}
