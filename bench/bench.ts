// Benchmarks print figures; tests never time anything.
//   npm run bench                 cold image set-up once, then the failover scenario warm (3 runs)
//   npm run bench -- --skip-cold  warm runs only
//   npm run bench -- --only-cold  the cold image set-up only: the default client's images, then what the others add
//   npm run bench -- --runs 5
//   npm run bench -- --only-clients [--client exim]   each other client MTA against Postfix, alternated (matrix scenarios)
//   npm run bench -- --only-reuse     failover fresh and re-run on a kept topology against the walkthrough by hand
//   npm run bench -- --only-startup   the program's start-up: npm run scenario -- --help, and audit --help
//   npm run bench -- --only-audit [--runs 2]   the audit of the article's own files (3 relays, every fault), as a process
//   npm run bench -- --only-bulk      2,000 messages fresh against srv-bulk.sh by hand, alternated
//   npm run bench -- --only-speed     the same scenarios at shipped timing on two clock speeds: verdict, carriers and
//                                     failover at the client's clock should agree (within 15 %), real time should not
//   npm run bench -- --only-release bookworm   one more Debian release's client images, all four, built from nothing
//   npm run bench -- --only-start-loop [--runs 50]   the scenarios that stop and start relays, looped: how
//                                     often a relay exits right after its start (issue 18's HTTP 409)
// Then one 2,000-message SRV distribution run (75/25), start to verdict; time-to-failover per fault
// kind beside the client timeout it costs; then failover as a process
// on Docker and on Podman alternated (--skip-podman to leave Podman out), and `walkthrough --auto` end to end.
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runScenario, send, ScenarioResult } from '../harness';
import { loadScenario } from '../harness/scenario/load-scenario';
import failover from '../scenarios/failover';
import srvWeights from '../scenarios/srv-weights-75-25';
import { ensureEngine } from '../harness/engine/container-engine';
import { DEFAULT_SUITE, ensureImages, imageTags, suiteProblem } from '../harness/engine/image-builder';
import { runCommand } from '../harness/util/run-command';
import { silentProgress } from '../harness/util/progress';
import { clientKinds, DEFAULT_CLIENT } from '../harness/mta/registry';
import { TopologyPool } from '../harness/topology/topology-pool';
import { isUnsupported, onClient } from '../harness/mta/client-choice';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const began = performance.now();
  const value = await work();
  return [performance.now() - began, value];
}

async function coldSetup(): Promise<number> {
  const images = await runCommand('docker', ['images', '-q', '--filter', 'label=mail-relay-harness.image=true']);
  const ids = [...new Set(images.stdout.split('\n').filter(Boolean))];
  if (ids.length) await runCommand('docker', ['rmi', '-f', ...ids]);
  // The images the harness had before the other clients (the default client's), then what they add.
  const [before] = await timed(() => ensureImages(silentProgress, [DEFAULT_CLIENT]));
  const [added] = await timed(() => ensureImages(silentProgress));
  console.log(`cold set-up, ${DEFAULT_CLIENT} as the only client: ${seconds(before)}; the other clients' images add ${seconds(added)}   target ≤ 60 s added`);
  return before + added;
}

/** Every client image of one more Debian release (its own debootstrap base first), built from nothing: what --suites costs on first use. */
async function releaseSetup(suite: string): Promise<void> {
  const problem = suiteProblem(suite);
  if (problem || suite === DEFAULT_SUITE) throw new Error(problem ?? `${suite} is the harness's own release; name another`);
  await ensureImages(silentProgress);
  const tags = imageTags(suite);
  // By tag, one at a time: a tag not built yet is no error.
  for (const tag of [...Object.values(tags.mtas), tags.clientBase]) await runCommand('docker', ['rmi', '-f', tag]);
  const [ms] = await timed(() => ensureImages(silentProgress, undefined, suite));
  console.log(`cold set-up of Debian ${suite} for all four clients (its base by debootstrap, then each client's image): ${seconds(ms)}`);
}

/** Time from each kind of fault to the first mail another relay carried, beside the client timeout it waits out. */
async function timeToFailover(): Promise<void> {
  for (const name of ['fault-refused', 'fault-killed', 'fault-partitioned', 'fault-paused', 'fault-greeting-4xx', 'fault-slow-greeting']) {
    const samples: number[] = [];
    let timeout = 'none (answered at once)';
    for (let run = 1; run <= runs; run++) {
      const result = await runScenario(await loadScenario(name));
      for (const failover of result.failovers ?? []) {
        if (failover.failoverMs !== null) samples.push(failover.failoverMs);
        if (failover.clientTimeout) timeout = failover.clientTimeout;
      }
    }
    const limit = /= (\d+)s/.exec(timeout);
    const over = limit ? ` (${((median(samples) - Number(limit[1]) * 1000) / 1000).toFixed(2)} s over the timeout; target ≤ 0.3 s)` : '';
    console.log(`time-to-failover ${name.replace('fault-', '')}: median ${seconds(median(samples))} of ${samples.length} [${samples.map((ms) => (ms / 1000).toFixed(2)).join(', ')}]; client timeout: ${timeout}${over}`);
  }
}

/** `npm run scenario -- ...`: the process a user runs, npm's own start included. */
const NPM_SCENARIO = ['run', '--silent', 'scenario', '--'];

/** Wall time of a command run to its end, as a user runs it. */
async function processSeconds(program: string, argv: string[]): Promise<[number, number]> {
  const [ms, result] = await timed(() => runCommand(program, argv));
  return [ms, result.code];
}

/** failover as a process on each engine, alternated so that both see the same machine; then the walkthrough. */
async function engines(): Promise<void> {
  const times: Record<string, number[]> = { docker: [], podman: [] };
  for (let run = 1; run <= runs; run++) {
    for (const engine of ['docker', 'podman']) {
      const [ms, code] = await processSeconds('npm', [...NPM_SCENARIO, 'failover', '--engine', engine]);
      times[engine].push(ms);
      console.log(`failover process on ${engine}, run ${run}: ${seconds(ms)}${code === 0 ? '' : ` (exit ${code})`}`);
    }
  }
  const docker = median(times.docker);
  const podman = median(times.podman);
  console.log(`failover process median of ${runs}: Docker ${seconds(docker)}, Podman ${seconds(podman)}, Podman/Docker ${(podman / docker).toFixed(2)}`);
  for (const engine of ['podman', 'docker']) {
    const [ms, code] = await processSeconds('npm', ['run', '--silent', 'walkthrough', '--', '--auto', '--engine', engine]);
    console.log(`walkthrough --auto on ${engine}, end to end: ${seconds(ms)}${code === 0 ? '' : ` (exit ${code})`}`);
  }
}

/** The machine's CPU time, busy and idle, summed over its cores (ms). */
function cpuTimes(): { busy: number; idle: number } {
  return cpus().reduce((sum, { times }) => ({ busy: sum.busy + times.user + times.nice + times.sys + times.irq, idle: sum.idle + times.idle }), { busy: 0, idle: 0 });
}

/** How busy the whole machine (engine, containers, harness) was while `work` ran. */
async function withCpu<T>(work: () => Promise<T>): Promise<[T, { coreSeconds: number; share: number }]> {
  const before = cpuTimes();
  const value = await work();
  const after = cpuTimes();
  const busy = after.busy - before.busy;
  return [value, { coreSeconds: busy / 1000, share: busy / (busy + after.idle - before.idle) }];
}

/** Where a run's time went: engine and image checks plus container start, the story, judging, teardown. */
function parts(result: ScenarioResult, wallMs: number): string {
  const steps = result.steps ?? [];
  const first = steps[0]?.startMs ?? 0;
  const last = steps[steps.length - 1]?.endMs ?? first;
  return `start ${seconds(first)}, story ${seconds(last - first)}, verdict ${seconds(result.durationMs - last)}, teardown ${seconds(wallMs - result.durationMs)}`;
}

const BASELINE_DIR = resolve(__dirname, '../../shared/baseline');

/** The article's walkthrough by hand with docker-compose (../shared/baseline), built once from the harness's base image. */
async function prepareBaseline(): Promise<string | undefined> {
  if (!existsSync(join(BASELINE_DIR, 'walkthrough.sh'))) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'harness-baseline-'));
  cpSync(BASELINE_DIR, dir, { recursive: true });
  const { base } = await ensureImages(silentProgress);
  await runCommand('docker', ['tag', base, 'local/debian:trixie-minbase']);
  const build = await runCommand('docker-compose', ['build', '-q'], { cwd: dir });
  return build.code === 0 ? dir : undefined;
}

/** 2,000 messages through the SRV weights, fresh, against the same work by hand (srv-bulk.sh), alternated in one run. */
async function bulkRatio(): Promise<void> {
  const dir = await prepareBaseline();
  if (!dir) {
    console.log('baseline: ../shared/baseline or docker-compose not available; ratio not measured');
    return;
  }
  const byHand: number[] = [];
  const harness: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const [handMs, hand] = await timed(() => runCommand('bash', [join(dir, 'srv-bulk.sh'), '2000']));
    byHand.push(handMs);
    const [ms, result] = await timed(() => runScenario({ ...srvWeights, name: 'srv-2000', steps: [send(2000)] }));
    harness.push(ms);
    console.log(`run ${run}: srv-bulk.sh by hand ${seconds(handMs)}${hand.code === 0 ? '' : ' (FAILED)'}, harness 2,000 messages ${seconds(ms)}${result.passed ? '' : ' (FAILED)'}`);
  }
  console.log(`2,000 messages: harness ${seconds(median(harness))} / by hand ${seconds(median(byHand))} = ratio ${(median(harness) / median(byHand)).toFixed(2)}   target ≤ 0.45`);
}

/** failover as a process against the docker-compose walkthrough, alternated in one run. */
/** The program's start-up as a user meets it: npm, tsx and the imports, to the end of `--help`, and of `audit --help` (its own part only). */
async function startUp(): Promise<void> {
  for (const argv of [[...NPM_SCENARIO, '--help'], ['run', '--silent', 'audit', '--', '--help']]) {
    const times: number[] = [];
    for (let run = 1; run <= Math.max(runs, 5); run++) times.push((await processSeconds('npm', argv))[0]);
    console.log(`start-up: npm ${argv.filter((a) => a !== '--silent').join(' ')}: median ${seconds(median(times))} of ${times.length} (${times.map((ms) => seconds(ms)).join(', ')})`);
  }
}

/** The audit of seed 000's own files (its zone and main.cf, three relays, the whole battery) as an admin runs it. */
async function auditBattery(): Promise<void> {
  const fixtures = resolve(__dirname, '../test/fixtures/audit');
  const times: number[] = [];
  for (let run = 1; run <= (args.includes('--runs') ? runs : 1); run++) {
    const [ms, code] = await processSeconds('npm', ['run', '--silent', 'audit', '--', '--zone', join(fixtures, 'example.com.zone'), '--client', join(fixtures, 'main.cf'),
      '--network', '192.168.2.0/24', '--domain', 'example.com', '--json', join(tmpdir(), `bench-audit-${process.pid}.json`)]);
    times.push(ms);
    console.log(`audit run ${run}: ${seconds(ms)}, exit ${code}${code === 0 ? '' : ' (expected 0)'}`);
  }
  console.log(`audit of seed 000's files (3 relays, every fault, own timing at 60×): median ${seconds(median(times))}   target ≤ 180 s`);
}

async function baselineRatio(): Promise<number | undefined> {
  await startUp();
  const dir = await prepareBaseline();
  if (!dir) {
    console.log('baseline: ../shared/baseline or docker-compose not available; ratio not measured');
    return undefined;
  }
  const harness: number[] = [];
  const byHand: number[] = [];
  const reRuns: number[] = [];
  const reuseProcesses: number[] = [];
  // A --watch session's re-runs: one topology kept and reset; the run that starts it is not a re-run.
  const pool = new TopologyPool(1);
  await runScenario(failover, { pool });
  // And `--reuse` as a user runs it, a process each: the first keeps a topology for the others.
  await processSeconds('npm', [...NPM_SCENARIO, 'failover', '--reuse']);
  try {
    for (let run = 1; run <= runs; run++) {
      const [handMs, hand] = await timed(() => runCommand('bash', [join(dir, 'walkthrough.sh')]));
      byHand.push(handMs);
      const [ms] = await processSeconds('npm', [...NPM_SCENARIO, 'failover']);
      harness.push(ms);
      const [reMs, reRun] = await timed(() => runScenario(failover, { pool }));
      reRuns.push(reMs);
      const [reuseMs, reuseCode] = await processSeconds('npm', [...NPM_SCENARIO, 'failover', '--reuse']);
      reuseProcesses.push(reuseMs);
      if (reuseCode !== 0) console.log(`  failover --reuse exited ${reuseCode}`);
      const reset = reRun.topology?.reused ? `reset ${seconds(reRun.topology.reused.resetMs)}` : 'NOT REUSED';
      console.log(`run ${run}: docker-compose walkthrough ${seconds(handMs)}${hand.code === 0 ? '' : ' (FAILED)'}, harness failover process ${seconds(ms)}, re-run on the kept topology ${seconds(reMs)} (${reset}${reRun.passed ? '' : ', FAILED'})`);
    }
  } finally {
    await pool.close();
    // The --reuse processes' kept topology (clean removes every kept one).
    await processSeconds('npm', [...NPM_SCENARIO, '--clean']);
  }
  const ratio = median(harness) / median(byHand);
  console.log(`failover process ${seconds(median(harness))} / docker-compose by hand ${seconds(median(byHand))} = ratio ${ratio.toFixed(2)}   target ≤ 0.45`);
  console.log(`failover re-run on a kept topology ${seconds(median(reRuns))} / docker-compose by hand ${seconds(median(byHand))} = ratio ${(median(reRuns) / median(byHand)).toFixed(2)}   target ≤ 0.25`);
  console.log(`failover --reuse as a process ${seconds(median(reuseProcesses))} / docker-compose by hand ${seconds(median(byHand))} = ratio ${(median(reuseProcesses) / median(byHand)).toFixed(2)}   target ≤ 0.25`);
  return median(harness);
}

/**
 * Each other client against Postfix on the same catalog scenarios, alternated run by run so that
 * the machine's drift falls on both: the ratio of median wall times (target ≤ 1.2).
 */
async function clientRatios(): Promise<void> {
  // The last two pass on every client, so that a client's own timeouts (a failing run waits them out) do not stand in for the harness's cost.
  const scenarios = ['mx-hot-standby', 'fault-mx-pair-refused', 'fault-killed', 'null-mx-0', 'mx-aaaa-dead'];
  const only = args.includes('--client') ? args[args.indexOf('--client') + 1] : undefined;
  for (const client of clientKinds().filter((kind) => kind !== DEFAULT_CLIENT && (!only || kind === only))) {
    for (const name of scenarios) {
      const scenario = await loadScenario(name);
      const walls: Record<string, number[]> = { [DEFAULT_CLIENT]: [], [client]: [] };
      for (let run = 1; run <= runs; run++) {
        for (const kind of [DEFAULT_CLIENT, client]) {
          const swapped = onClient(scenario, kind);
          if (isUnsupported(swapped)) continue;
          const [ms, result] = await timed(() => runScenario(swapped));
          walls[kind].push(ms);
          if (!result.passed) console.log(`  ${name} on ${kind}, run ${run}: FAILED`);
        }
      }
      if (walls[client].length === 0) {
        console.log(`client ${client} on ${name}: cannot (${(onClient(scenario, client) as { finding: string }).finding})`);
        continue;
      }
      const ratio = median(walls[client]) / median(walls[DEFAULT_CLIENT]);
      console.log(`client ${client} / ${DEFAULT_CLIENT} on ${name}: ${seconds(median(walls[client]))} / ${seconds(median(walls[DEFAULT_CLIENT]))} = ${ratio.toFixed(2)}   target ≤ 1.2`);
    }
  }
}

/** Each scenario that stops and starts relays, `runs` times on fresh topologies: passes, and relays that exited right after a start. */
async function startLoop(loops: number): Promise<void> {
  for (const name of ['mx-hot-standby', 'all-relays-down']) {
    let passed = 0;
    const exits: string[] = [];
    const began = performance.now();
    for (let run = 1; run <= loops; run++) {
      const result = await runScenario(await loadScenario(name));
      if (result.passed) passed++;
      exits.push(...result.findings.filter((finding) => / exited right after a (re)?start /.test(finding)));
    }
    console.log(`start loop ${name}: ${passed} of ${loops} passed; relays that exited right after a start: ${exits.length} in ${loops} runs (${seconds(performance.now() - began)})`);
    for (const exit of exits.slice(0, 5)) console.log(`  ${exit}`);
  }
}

/** The carriers of a run's messages, as "server-two: 3, server-three: 4". */
const carriersOf = (result: ScenarioResult) => {
  const counts = new Map<string, number>();
  for (const message of result.messages) for (const d of message.deliveries) if (d.carriedBy) counts.set(d.carriedBy, (counts.get(d.carriedBy) ?? 0) + 1);
  return [...counts].sort().map(([name, n]) => `${name}: ${n}`).join(', ');
};

/**
 * Equivalence of clock speeds at shipped timing: the same verdict, the same carriers, failover at
 * the client's clock within 15 %. Speed 1 where the shipped timeout allows it (fault-killed's 30 s
 * connect timeout), two fast speeds where it would take minutes (a frozen relay's 300 s).
 */
async function speedEquivalence(): Promise<void> {
  const plans: [string, number[]][] = [['fault-killed', [1, 30]], ['fault-paused', [10, 60]], ['fault-partitioned', [1, 30]]];
  for (const [name, speeds] of plans) {
    const figures: { speed: number; clientMs: number[]; passed: boolean; carriers: string; wallMs: number }[] = [];
    for (const speed of speeds) {
      const [wallMs, result] = await timed(async () => runScenario({ ...(await loadScenario(name)), timing: 'shipped', speed }));
      const clientMs = (result.failovers ?? []).flatMap((f) => (f.failoverMs === null ? [] : [f.clientMs ?? f.failoverMs]));
      figures.push({ speed, clientMs, passed: result.passed, carriers: carriersOf(result), wallMs });
      const timeout = result.failovers?.[0]?.clientTimeout ?? 'no timeout';
      console.log(`speed ${name} ${speed}×: ${result.passed ? 'passed' : 'FAILED'}; failover ${clientMs.map((ms) => (ms / 1000).toFixed(1)).join(', ') || '—'} s at the client's clock (${timeout}); carriers ${result.messages.filter((m) => m.step > 0).length ? carriersOf(result) : '—'}; run ${seconds(wallMs)} real`);
    }
    const [a, b] = figures;
    const spread = a.clientMs.length && b.clientMs.length ? Math.abs(a.clientMs[0] - b.clientMs[0]) / Math.max(a.clientMs[0], b.clientMs[0]) : NaN;
    console.log(`speed ${name}: same verdict ${a.passed === b.passed ? 'yes' : 'NO'}; failover differs by ${(spread * 100).toFixed(1)} % at the client's clock   target ≤ 15 %`);
  }
}

async function main(): Promise<void> {
  await ensureEngine(silentProgress);
  if (args.includes('--only-speed')) {
    await ensureImages(silentProgress);
    return speedEquivalence();
  }
  if (args.includes('--only-bulk')) {
    await ensureImages(silentProgress);
    return bulkRatio();
  }
  if (args.includes('--only-release')) return releaseSetup(args[args.indexOf('--only-release') + 1] ?? '');
  if (args.includes('--only-start-loop')) {
    await ensureImages(silentProgress);
    return startLoop(args.includes('--runs') ? runs : 50);
  }
  if (args.includes('--only-startup')) return startUp();
  if (args.includes('--only-audit')) {
    await ensureImages(silentProgress);
    return auditBattery();
  }
  if (args.includes('--only-reuse')) {
    await ensureImages(silentProgress);
    await baselineRatio();
    return;
  }
  if (args.includes('--only-clients')) {
    await ensureImages(silentProgress);
    return clientRatios();
  }
  if (!args.includes('--skip-cold')) {
    console.log(`cold set-up (all images built from nothing): ${seconds(await coldSetup())}   target ≤ 120 s`);
    if (args.includes('--only-cold')) return;
  }
  await ensureImages(silentProgress);
  const walls: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const [ms, result] = await timed(() => runScenario(failover));
    walls.push(ms);
    console.log(`failover warm run ${run}: ${seconds(ms)} ${result.passed ? 'passed' : 'FAILED'} — ${parts(result, ms)}`);
  }
  const failoverMs = median(walls);
  console.log(`failover warm median of ${runs}: ${seconds(failoverMs)}`);
  const [[ms, result], cpu] = await withCpu(() => timed(() => runScenario({ ...srvWeights, name: 'srv-2000', steps: [send(2000)] })));
  console.log(`2,000-message SRV distribution: ${seconds(ms)} ${result.passed ? 'passed' : 'FAILED'} — ${parts(result, ms)}`);
  // Each message passes two Postfix MTAs: on a machine busy throughout, the story is CPU-bound.
  console.log(`  machine CPU: ${cpu.coreSeconds.toFixed(1)} core-seconds of ${cpus().length} cores, ${(cpu.share * 100).toFixed(0)} % busy, ${((cpu.coreSeconds * 1000) / 2000).toFixed(1)} ms per message`);
  console.log(`  = ${(ms / failoverMs).toFixed(2)} failover runs   target ≤ 1.5`);
  const processMs = await baselineRatio();
  if (args.includes('--with-suite')) {
    const [suiteMs] = await processSeconds('node_modules/.bin/jest', []);
    console.log(`npm test warm: ${seconds(suiteMs)} = ${(suiteMs / (processMs ?? failoverMs)).toFixed(1)} failover runs   target ≤ 30`);
  } else console.log('npm test warm: not measured (add --with-suite; it runs the whole suite)');
  await timeToFailover();
  await clientRatios();
  if (!args.includes('--skip-podman')) await engines();
  console.log(`harness process peak resident memory: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}

main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.message : error}`);
  process.exit(2);
});
