import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { runScenario } from './scenario/run-scenario';
import { loadNegativeTwin, loadScenario, resolveScenarioPath, scenarioNames, SCENARIOS_DIR } from './scenario/load-scenario';
import { watchScenario } from './scenario/watch-scenario';
import { TopologyPool } from './topology/topology-pool';
import { formatResult, jsonResult } from './report/result-table';
import { removeEverything } from './topology/run-cleanup';
import { forgetAllKept } from './topology/kept-topologies';
import { tearDownOnInterrupt } from './topology/teardown-on-interrupt';
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_PASSED, EXIT_UNSUPPORTED, parseArguments, runMain, commandName } from './util/cli-main';
import { isUnsupported, onClient } from './mta/client-choice';
import { clientKinds } from './mta/registry';
import { ensureEngine } from './engine/container-engine';
import { engineCli, useEngine } from './engine/engine-choice';
import { exportCompose } from './export/compose-export';
import { assertValidScenario, assertZoneLoads } from './scenario/validate-scenario';
import { ensureImages } from './engine/image-builder';
import { consoleProgress, silentProgress } from './util/progress';
import { imageVersions } from './engine/image-versions';
import { renderReport } from './report/html-report';
import type { ScenarioResult } from './report/scenario-result';
import { ScenarioInputError } from './util/errors';
import { outputProblem } from './util/output-files';
import { checkTwin } from './scenario/twin-check';
import { CLIENT_TIMINGS, type ClientTiming } from './model/client-clock';


interface CliOptions {
  list?: boolean;
  json?: string;
  keep?: boolean;
  clean?: boolean;
  buildImages?: boolean;
  engine?: string;
  exportCompose?: string;
  report?: string;
  client?: string;
  dir?: string;
  watch?: boolean;
  reuse?: boolean;
  twin?: boolean;
  timing?: string;
  speed?: string;
}

/** The scenario at the timing and clock speed the command line asks for, over the scenario's own. */
function atClock<S extends { timing?: ClientTiming; speed?: number }>(scenario: S, options: CliOptions): S {
  return {
    ...scenario,
    ...(options.timing ? { timing: options.timing as ClientTiming } : {}),
    ...(options.speed ? { speed: Number(options.speed) } : {}),
  };
}

/** Why --timing or --speed is bad input, or undefined. */
function clockProblem(options: CliOptions): string | undefined {
  if (options.timing && !(CLIENT_TIMINGS as readonly string[]).includes(options.timing)) return `--timing must be one of ${CLIENT_TIMINGS.join(', ')}, not "${options.timing}"`;
  if (options.speed !== undefined && !(Number.isInteger(Number(options.speed)) && Number(options.speed) >= 1 && Number(options.speed) <= 1000)) return `--speed must be a whole number from 1 to 1000 (times faster than real time), not "${options.speed}"`;
  return undefined;
}

async function list(dir: string): Promise<void> {
  for (const name of scenarioNames(dir)) {
    const scenario = await loadScenario(name, dir);
    console.log(`${name.padEnd(28)} ${scenario.description}${scenario.source ? `  [${scenario.source}]` : ''}`);
  }
}

async function clean(): Promise<void> {
  await ensureEngine(consoleProgress());
  const removed = await removeEverything();
  forgetAllKept();
  console.log(`removed ${removed.containers} containers and ${removed.networks} networks left by earlier runs`);
  // Docker 20.10 can count an endpoint no container has; only its restart recounts (engine/endpoint-turns.ts).
  for (const name of removed.refused) console.log(`NOTE  network ${name} stays: the engine counts an endpoint on it that no container has; it goes once dockerd restarts`);
}

async function run(target: string, options: CliOptions, pool?: TopologyPool): Promise<number> {
  const loaded = await loadScenario(target, catalogDir(options));
  const swapped = options.client ? onClient(loaded, options.client) : loaded;
  if (isUnsupported(swapped)) {
    const scenario = swapped;
    // Not run and not a pass: the client has no means for what the scenario asks.
    console.log(`FINDING ${scenario.scenario} on ${scenario.client}: ${scenario.finding}; not run`);
    if (options.json) writeFileSync(options.json, JSON.stringify({ ...scenario, passed: false, unsupported: true }, null, 2) + '\n');
    return EXIT_UNSUPPORTED;
  }
  const scenario = atClock(swapped, options);
  // Asked for and missing is bad input, found before anything starts.
  const negativeTwin = options.twin ? await loadNegativeTwin(target, catalogDir(options)) : undefined;
  if (options.twin && !negativeTwin) throw new ScenarioInputError(`--twin: ${loaded.name} exports no negativeTwin (export const negativeTwin = claimingCarriers(...), claimingModel(...), expecting(...) or changing(...))`);
  const swappedTwin = negativeTwin && options.client ? onClient(negativeTwin.twin, options.client) : negativeTwin?.twin;
  if (swappedTwin && isUnsupported(swappedTwin)) throw new ScenarioInputError(`--twin: the negative twin of ${loaded.name} cannot run on ${options.client}: ${swappedTwin.finding}`);
  const result = await runScenario(scenario, { progress: consoleProgress(), keep: options.keep, pool });
  console.log('\n' + formatResult(result));
  if (options.json) writeFileSync(options.json, JSON.stringify(jsonResult(result), null, 2) + '\n');
  if (options.report) await writeReport(result, options.report);
  if (!negativeTwin || !result.passed) return result.passed ? EXIT_PASSED : EXIT_FAILED;
  const twin = { ...negativeTwin, twin: atClock(swappedTwin as typeof scenario, options) };
  const verdict = await checkTwin(scenario, result, twin, (broken) => runScenario(broken, { progress: consoleProgress(), pool }));
  console.log(verdict.line);
  return verdict.failsAsItMust ? EXIT_PASSED : EXIT_FAILED;
}

/** The nightly report's page for one run. */
async function writeReport(result: ScenarioResult, file: string): Promise<void> {
  const versions = await imageVersions(await ensureImages(silentProgress));
  const single = { generatedAt: new Date().toISOString(), engine: engineCli(), versions, shards: [], wallMs: result.durationMs, scenarios: [jsonResult(result)] };
  writeFileSync(file, renderReport(single));
  console.log(`report written to ${file}`);
}

async function exportProject(target: string, dir: string, options: CliOptions): Promise<number> {
  const scenario = await loadScenario(target, catalogDir(options));
  assertValidScenario(scenario, scenario?.name ?? target);
  await ensureEngine(consoleProgress());
  const images = await ensureImages(consoleProgress());
  await assertZoneLoads(scenario, images.dns);
  const file = exportCompose(scenario, images, dir);
  const cli = engineCli();
  console.log(`wrote ${file} (and README.md beside it); run it with:\n  cd ${dir} && ${cli}-compose up -d`);
  return EXIT_PASSED;
}

/** The catalog folder: the user's (`--dir`) or the package's own. */
const catalogDir = (options: CliOptions) => (options.dir ? resolve(options.dir) : SCENARIOS_DIR);

async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name(commandName())
    .description('Run a mail relay failover scenario with real BIND, Postfix and a sink; report which relay carried each message.')
    .argument('[scenario]', 'a name from the catalog (e.g. failover; see --list) or a path to a scenario .ts file')
    .option('--dir <dir>', "the catalog to list and run by name: a folder of scenario files (default: the harness's own)")
    .option('--list', 'list the scenarios with their descriptions')
    .option('--json <file>', 'also write the result as JSON to <file> (its folder is made if missing)')
    .option('--report <file>', 'also write a self-contained HTML report (timeline, charts) to <file> (its folder is made if missing)')
    .option('--keep', 'leave the containers running after the run (remove later with npm run clean)')
    .option('--reuse', 'keep the containers up when the run ends, and play on those a run of the same shape kept (reset first) instead of starting new ones; npm run clean removes them')
    .option('--watch', 'run again on every save of the scenario file (and the files it reads), on the same containers reset between runs; Ctrl-C stops')
    .option('--twin', "also judge the scenario's negative twin (its negativeTwin export), which must FAIL: on the same run when it changes only what is expected")
    .option('--clean', 'remove every container and network left by earlier runs')
    .option('--build-images', 'build the container images (if their inputs changed) and exit')
    .option('--client <mta>', `run the scenario's neutral route on this client MTA: ${clientKinds().join(', ')} (default: the scenario's own)`)
    .option('--timing <timing>', `whose timing the client runs with: test (the harness's, fast; default), shipped (the MTA as Debian ships it), own (the scenario's client settings as written)`)
    .option('--speed <n>', "run the client's clock n times faster than real time (default 1 at test timing, 60 otherwise); the scenario's durations are at the client's clock")
    .option('--engine <engine>', 'docker (default) or podman; also HARNESS_ENGINE')
    .option('--export-compose <dir>', 'write the scenario as a compose project (podman-compose, docker-compose) into <dir> instead of running it')
    .showHelpAfterError(false)
    .addHelpText('after', `
Commands (the installed program; in this repository each is an npm script):
  init          a starter scenario, test, nightly workflow and README section in your repository
  nightly       every scenario of a catalog, with junit, an HTML report and changes since a baseline
  matrix        the conformance matrix: the catalog's neutral rows on each client MTA
  walkthrough   the article's podman walkthrough, step by step
  audit         what a site's own Postfix does when each relay fails, from its zone and main.cf
  clean         remove every container and network left by earlier runs (as --clean)
  images        build the container images (as --build-images)
Each takes --help.`);
  const parsed = parseArguments(program, argv);
  if (parsed !== undefined) return parsed;
  const options = program.opts<CliOptions>();
  const [target] = program.args;
  // Before any engine call: testcontainers reads the engine's address once.
  useEngine(options.engine ?? process.env.HARNESS_ENGINE ?? 'docker');
  if (options.list) return list(catalogDir(options)).then(() => EXIT_PASSED);
  if (options.clean) return clean().then(() => EXIT_PASSED);
  if (options.buildImages) {
    await ensureEngine(consoleProgress());
    const images = await ensureImages(consoleProgress());
    console.log([images.base, images.dns, images.sink, ...Object.values(images.mtas)].join('\n'));
    return EXIT_PASSED;
  }
  if (options.client && !clientKinds().includes(options.client)) {
    console.error(`error: --client must be one of ${clientKinds().join(', ')}, not "${options.client}"`);
    return EXIT_BAD_INPUT;
  }
  const badClock = clockProblem(options);
  if (badClock) {
    console.error(`error: ${badClock}`);
    return EXIT_BAD_INPUT;
  }
  if (!target) {
    console.error('error: name a scenario to run (see --list or --help)');
    return EXIT_BAD_INPUT;
  }
  const badOutput = outputProblem([['--json', options.json], ['--report', options.report]]);
  if (badOutput) {
    console.error(`error: ${badOutput}`);
    return EXIT_BAD_INPUT;
  }
  // Ctrl-C removes what this process started, whatever it is doing (an export builds images).
  tearDownOnInterrupt();
  if (options.exportCompose) return exportProject(target, options.exportCompose, options);
  if (options.watch) {
    // A name that is no scenario is bad input at once, not a file to wait for.
    const path = resolveScenarioPath(target, catalogDir(options));
    return watchScenario(path, (pool) => run(path, options, pool));
  }
  // Across processes: this run's topology waits for the next process, and an earlier one's is taken over.
  return run(target, options, options.reuse ? new TopologyPool(1, { acrossProcesses: true }) : undefined);
}

runMain(main);
