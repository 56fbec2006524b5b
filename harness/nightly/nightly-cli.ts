import { resolve } from 'node:path';
import { Command } from 'commander';
import { useEngine } from '../engine/engine-choice';
import { tearDownOnInterrupt } from '../topology/teardown-on-interrupt';
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_PASSED, parseArguments, runMain, commandName } from '../util/cli-main';
import { clientKinds } from '../mta/registry';
import { consoleProgress } from '../util/progress';
import { mergeShards, runNightly, writeOutputs } from './nightly-run';
import { failedUnforeseen, passedAll } from './nightly-results';
import { parseShard } from './shard-plan';

interface NightlyCliOptions {
  out: string;
  shard?: string;
  only?: string;
  baseline?: string;
  merge?: string[];
  engine?: string;
  clients?: string;
  dir?: string;
}

async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name(commandName('nightly'))
    .description('Run every scenario (or a shard) and write results.json, junit.xml and report.html into one folder.')
    .option('--out <dir>', 'where results.json, junit.xml, report.html and logs/ go', 'nightly')
    .option('--shard <i/n>', 'run only the i-th of n shards (balanced by expected time)')
    .option('--only <names>', 'comma-separated scenario names or paths instead of the whole catalog')
    .option('--baseline <results.json>', "compare with a previous night's results.json: verdicts, distributions, findings, versions")
    .option('--merge <dirs...>', "merge shards' folders into --out instead of running anything")
    .option('--clients <list>', `run each scenario with a neutral route on these client MTAs too (${clientKinds().join(', ')})`)
    .option('--dir <dir>', "the catalog: a folder of scenario files (default: the harness's own)")
    .option('--engine <engine>', 'docker (default) or podman');
  const parsed = parseArguments(program, argv);
  if (parsed !== undefined) return parsed;
  const options = program.opts<NightlyCliOptions>();
  const progress = consoleProgress();
  if (options.merge) {
    const merged = mergeShards(options.merge);
    const changes = writeOutputs(merged, options.out, options.baseline);
    summarise(merged.scenarios.length, merged.scenarios.filter(failedUnforeseen).map((s) => s.scenario), options.out, changes?.changes.length);
    return passedAll(merged) ? EXIT_PASSED : EXIT_FAILED;
  }
  const clients = options.clients?.split(',').map((c) => c.trim()).filter(Boolean);
  const unknown = (clients ?? []).filter((c) => !clientKinds().includes(c));
  if (unknown.length) {
    console.error(`error: --clients must name client MTAs among ${clientKinds().join(', ')} (not ${unknown.join(', ')})`);
    return EXIT_BAD_INPUT;
  }
  useEngine(options.engine ?? process.env.HARNESS_ENGINE ?? 'docker');
  tearDownOnInterrupt();
  const { results, changes } = await runNightly({
    out: options.out,
    shard: options.shard ? parseShard(options.shard) : undefined,
    only: options.only?.split(',').map((name) => name.trim()).filter(Boolean),
    baseline: options.baseline,
    clients,
    dir: options.dir ? resolve(options.dir) : undefined,
    progress,
  });
  summarise(results.scenarios.length, results.scenarios.filter(failedUnforeseen).map((s) => s.scenario), options.out, changes?.changes.length);
  return passedAll(results) ? EXIT_PASSED : EXIT_FAILED;
}

function summarise(total: number, failed: string[], out: string, changes?: number): void {
  console.log(`\n${total - failed.length} of ${total} scenarios passed${failed.length ? `; FAILED: ${failed.join(', ')}` : ''}`);
  if (changes !== undefined) console.log(`${changes} change${changes === 1 ? '' : 's'} since the baseline (see the report)`);
  console.log(`wrote ${out}/results.json, ${out}/junit.xml, ${out}/report.html`);
}

runMain(main);
