// Benchmarks print figures; tests never time anything.
//   npm run bench                 cold image set-up once, then the failover scenario warm (3 runs)
//   npm run bench -- --skip-cold  warm runs only
//   npm run bench -- --runs 5
// Then one 2,000-message SRV distribution run (75/25), start to verdict; then failover as a process
// on Docker and on Podman alternated (--skip-podman to leave Podman out), and `walkthrough --auto` end to end.
import { runScenario, send } from '../harness';
import failover from '../scenarios/failover';
import srvWeights from '../scenarios/srv-weights-75-25';
import { ensureEngine } from '../harness/engine/container-engine';
import { ensureImages } from '../harness/engine/image-builder';
import { runCommand } from '../harness/util/run-command';
import { silentProgress } from '../harness/util/progress';

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
  const [ms] = await timed(() => ensureImages(silentProgress));
  return ms;
}

/** Wall time of a command run to its end, as a user runs it. */
async function processSeconds(program: string, argv: string[]): Promise<[number, number]> {
  const [ms, result] = await timed(() => runCommand(program, argv));
  return [ms, result.code];
}

/** failover as a process on each engine, alternated so that both see the same machine; then the walkthrough. */
async function engines(): Promise<void> {
  const tsx = 'node_modules/.bin/tsx';
  const times: Record<string, number[]> = { docker: [], podman: [] };
  for (let run = 1; run <= runs; run++) {
    for (const engine of ['docker', 'podman']) {
      const [ms, code] = await processSeconds(tsx, ['harness/cli.ts', 'failover', '--engine', engine]);
      times[engine].push(ms);
      console.log(`failover process on ${engine}, run ${run}: ${seconds(ms)}${code === 0 ? '' : ` (exit ${code})`}`);
    }
  }
  const docker = median(times.docker);
  const podman = median(times.podman);
  console.log(`failover process median of ${runs}: Docker ${seconds(docker)}, Podman ${seconds(podman)}, Podman/Docker ${(podman / docker).toFixed(2)}`);
  for (const engine of ['podman', 'docker']) {
    const [ms, code] = await processSeconds(tsx, ['harness/walkthrough/walkthrough-cli.ts', '--auto', '--engine', engine]);
    console.log(`walkthrough --auto on ${engine}, end to end: ${seconds(ms)}${code === 0 ? '' : ` (exit ${code})`}`);
  }
}

async function main(): Promise<void> {
  await ensureEngine(silentProgress);
  if (!args.includes('--skip-cold')) {
    console.log(`cold set-up (all images built from nothing): ${seconds(await coldSetup())}   target ≤ 120 s`);
  }
  await ensureImages(silentProgress);
  const walls: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const [ms, result] = await timed(() => runScenario(failover));
    walls.push(ms);
    console.log(`failover warm run ${run}: ${seconds(ms)} ${result.passed ? 'passed' : 'FAILED'}`);
  }
  console.log(`failover warm median of ${runs}: ${seconds(median(walls))}   target ≤ 6 s (docker-compose by hand: ~11.7 s)`);
  const [ms, result] = await timed(() => runScenario({ ...srvWeights, name: 'srv-2000', steps: [send(2000)] }));
  console.log(`2,000-message SRV distribution, start to verdict: ${seconds(result.durationMs)} ${result.passed ? 'passed' : 'FAILED'}   target ≤ 13 s (docker-compose by hand: ~26 s, up and down included)`);
  console.log(`  the same with teardown (containers and network removed): ${seconds(ms)}`);
  if (!args.includes('--skip-podman')) await engines();
  console.log(`harness process peak resident memory: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}

main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.message : error}`);
  process.exit(2);
});
