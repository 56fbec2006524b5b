// A soak, not a test: seeded chaos over three MX relays and the mailstore while mail flows, then
// figures: messages, faults played, fates, time to failover per fault kind, the slowest message,
// and the harness's own CPU and memory. Same seed, same schedule.
//   npm run soak -- --messages 500 --seed 7 [--faults 40] [--client exim] [--kinds kill,pause]
import { Command } from 'commander';
import { getContainerRuntimeClient } from 'testcontainers';
import { runScenario, CHAOS_KINDS, type ChaosKind, type ScenarioResult } from '../harness';
import { chaosScenario } from '../scenarios/_chaos';
import { clientKinds } from '../harness/mta/registry';
import { isUnsupported, onClient } from '../harness/mta/client-choice';
import { consoleProgress } from '../harness/util/progress';
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_PASSED, EXIT_UNSUPPORTED, parseArguments, runMain } from '../harness/util/cli-main';
import { countBy } from '../harness/scenario/expectations';
import { HARNESS_LABEL } from '../harness/topology/run-labels';
import { tearDownOnInterrupt } from '../harness/topology/teardown-on-interrupt';

const whole = (name: string, min: number, max: number) => (text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  return value;
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(argv: string[]): Promise<number> {
  const program = new Command('soak')
    .option('--messages <n>', 'messages to send', '500')
    .option('--seed <n>', 'the seed the fault schedule is drawn from', '1')
    .option('--faults <n>', 'faults to play (default: one per 12 messages, at least 40 for 500)')
    .option('--kinds <list>', `fault kinds, comma-separated: ${CHAOS_KINDS.join(', ')}`)
    .option('--client <mta>', `the client MTA: ${clientKinds().join(', ')}`, 'postfix');
  const early = parseArguments(program, argv);
  if (early !== undefined) return early;
  const options = program.opts<{ messages: string; seed: string; faults?: string; kinds?: string; client: string }>();
  let messages: number, seed: number, faults: number, kinds: ChaosKind[] | undefined;
  try {
    messages = whole('--messages', 1, 100_000)(options.messages);
    seed = whole('--seed', 0, 2 ** 32 - 1)(options.seed);
    faults = options.faults ? whole('--faults', 1, 1000)(options.faults) : Math.max(1, Math.ceil(messages / 12));
    kinds = options.kinds?.split(',').map((kind) => kind.trim()) as ChaosKind[] | undefined;
    const unknown = kinds?.filter((kind) => !CHAOS_KINDS.includes(kind));
    if (unknown?.length) throw new Error(`--kinds: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} no fault kind; kinds are ${CHAOS_KINDS.join(', ')}`);
    if (!clientKinds().includes(options.client)) throw new Error(`--client must be one of ${clientKinds().join(', ')}, not "${options.client}"`);
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return EXIT_BAD_INPUT;
  }
  const scenario = onClient(chaosScenario({ name: `soak-${seed}`, seed, messages, faults, kinds, mailstoreToo: true }), options.client);
  if (isUnsupported(scenario)) {
    console.log(`FINDING soak on ${options.client}: ${scenario.finding}; not run`);
    return EXIT_UNSUPPORTED;
  }
  tearDownOnInterrupt();
  const cpuBefore = process.cpuUsage();
  const began = performance.now();
  const result = await runScenario(scenario, { progress: consoleProgress() });
  const wallMs = performance.now() - began;
  const cpu = process.cpuUsage(cpuBefore);
  report(result, wallMs, (cpu.user + cpu.system) / 1000);
  const { dockerode } = (await getContainerRuntimeClient()).container;
  const filters = JSON.stringify({ label: [HARNESS_LABEL] });
  const left = (await dockerode.listContainers({ all: true, filters })).length + (await dockerode.listNetworks({ filters })).length;
  console.log(`left behind: ${left} containers and networks`);
  return result.passed && left === 0 ? EXIT_PASSED : EXIT_FAILED;
}

function report(result: ScenarioResult, wallMs: number, cpuMs: number): void {
  const played = (result.chaos ?? []).flatMap((record) => record.schedule.filter((entry) => !entry.skipped));
  const fates = countBy(result.messages.map((message) => message.status));
  const duplicates = result.messages.filter((message) => message.status === 'duplicated');
  const slowest = result.messages
    .map((message) => ({ id: message.id, ms: message.submittedAt && message.deliveries[0] ? Date.parse(message.deliveries[0].deliveredAt) - Date.parse(message.submittedAt) : NaN }))
    .filter((entry) => !Number.isNaN(entry.ms))
    .sort((a, b) => b.ms - a.ms)[0];
  console.log('');
  console.log(`soak: seed ${result.chaos?.[0]?.seed}, client ${result.client?.mta} ${result.client?.version}`);
  console.log(`messages: ${result.messages.length}; faults played: ${played.length} (${Object.entries(countBy(played.map((entry) => entry.kind!))).map(([kind, n]) => `${kind} ${n}`).join(', ')})`);
  console.log(`fates: ${Object.entries(fates).map(([fate, n]) => `${fate} ${n}`).join(', ')}; lost or missing: ${(fates.lost ?? 0) + (fates.missing ?? 0)}; duplicates explained: ${duplicates.filter((m) => m.duplicateReason).length} of ${duplicates.length}`);
  const byKind = new Map<string, number[]>();
  for (const failover of result.failovers ?? []) {
    if (failover.failoverMs !== null) byKind.set(failover.fault, [...(byKind.get(failover.fault) ?? []), failover.failoverMs]);
  }
  for (const [kind, times] of byKind) console.log(`time to failover, ${kind}: median ${seconds(median(times))}, max ${seconds(Math.max(...times))} (${times.length} faults)`);
  const held = (result.heldThrough ?? []).reduce((sum, h) => sum + h.messages.length, 0);
  console.log(`held through a relay's own kill or restart and delivered after: ${held} messages`);
  if (slowest) console.log(`slowest message: ${slowest.id}, ${seconds(slowest.ms)} from submission to the mailstore`);
  console.log(`harness process: ${seconds(cpuMs)} CPU over ${seconds(wallMs)} wall (${((cpuMs / wallMs) * 100).toFixed(0)} % of a core), peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  for (const expectation of result.expectations) console.log(`${expectation.passed ? 'PASS' : 'FAIL'}  ${expectation.description}: ${expectation.detail.slice(0, 600)}`);
  console.log(`soak: ${result.passed ? 'PASSED' : 'FAILED'}`);
}

runMain(main);
