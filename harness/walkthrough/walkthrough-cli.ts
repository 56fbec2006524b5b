import { writeFileSync } from 'node:fs';
import { findProgram } from '../engine/container-engine';
import { Command } from 'commander';
import { useEngine } from '../engine/engine-choice';
import { formatResult, jsonResult } from '../report/result-table';
import { tearDownOnInterrupt } from '../topology/teardown-on-interrupt';
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_PASSED, parseArguments, runMain, commandName } from '../util/cli-main';
import { consoleProgress } from '../util/progress';
import { runWalkthrough } from './article-walkthrough';
import { AutomaticReader, PrintingReader } from './article-reader';

interface WalkthroughCliOptions {
  auto?: boolean;
  keep?: boolean;
  engine?: string;
  json?: string;
  readerTimeout: string;
}

/** The article reads "podman ..."; Podman when installed, Docker otherwise, unless chosen. */
function defaultEngine(): string {
  return process.env.HARNESS_ENGINE ?? (findProgram('podman') ? 'podman' : 'docker');
}

async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name(commandName('walkthrough'))
    .description("The article's podman walkthrough (seed 000, \"Complete setup\"), step by step: it prints each command for you to type in a second terminal and shows which relay carries each mail.")
    .option('--auto', 'play the reader: run the same commands yourself (for tests and CI)')
    .option('--keep', 'leave the containers up afterwards (remove with npm run clean)')
    .option('--engine <engine>', 'podman (default when installed) or docker')
    .option('--json <file>', 'also write the verdict as JSON to <file>')
    .option('--reader-timeout <seconds>', 'how long to wait for each of your steps', '1800');
  const parsed = parseArguments(program, argv);
  if (parsed !== undefined) return parsed;
  const options = program.opts<WalkthroughCliOptions>();
  const readerTimeoutS = Number(options.readerTimeout);
  if (!(readerTimeoutS > 0)) {
    console.error(`error: --reader-timeout must be a number of seconds, not "${options.readerTimeout}"`);
    return EXIT_BAD_INPUT;
  }
  useEngine(options.engine ?? defaultEngine());
  const progress = consoleProgress();
  const say = (line: string) => (line.startsWith('\n') ? console.log(line) : progress.info(line));
  tearDownOnInterrupt();
  const result = await runWalkthrough({
    reader: options.auto ? new AutomaticReader(say) : new PrintingReader(say),
    readerTimeoutMs: (options.auto ? 60 : readerTimeoutS) * 1000,
    keep: options.keep,
    say,
  });
  console.log('\n' + formatResult(result));
  if (options.json) writeFileSync(options.json, JSON.stringify(jsonResult(result), null, 2) + '\n');
  return result.passed ? EXIT_PASSED : EXIT_FAILED;
}

runMain(main);
