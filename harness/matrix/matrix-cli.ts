import { Command } from 'commander';
import { useEngine } from '../engine/engine-choice';
import { tearDownOnInterrupt } from '../topology/teardown-on-interrupt';
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_PASSED, parseArguments, runMain, commandName } from '../util/cli-main';
import { consoleProgress } from '../util/progress';
import { clientKinds } from '../mta/registry';
import { BEHAVIOURS } from './behaviours';
import { TopologyPool } from '../topology/topology-pool';
import { matrixMarkdown, runMatrix, writeMatrix, type MatrixResult } from './conformance-matrix';
import { isMatrixResult, matrixChangesSince } from './matrix-changes';
import { readFileSync } from 'node:fs';
import { suiteProblem } from '../engine/image-builder';

async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name(commandName('matrix'))
    .description('Run the neutral catalog on every client MTA and write one table: rows behaviours, columns clients.')
    .option('--clients <list>', `comma-separated client MTAs (${clientKinds().join(', ')})`, clientKinds().join(','))
    .option('--only <scenarios>', `comma-separated rows by scenario (${BEHAVIOURS.map((b) => b.scenario).join(', ')})`)
    .option('--out <dir>', 'where matrix.json, matrix.md and matrix.html go', 'matrix')
    .option('--parallel <n>', 'cells run at once, each on a network of its own (1 to 4)', '1')
    .option('--timing <timing>', "every cell at this timing: test (the harness's, default) or shipped (each MTA as Debian ships it, on its clock at speed)")
    .option('--suites <list>', 'comma-separated Debian releases to build each client from, a column each (e.g. bookworm,trixie,sid); DNS, sink and relays stay on the harness\'s own')
    .option('--baseline <file>', "an earlier matrix.json (last night's): what changed since it, cell by cell, is named under the table")
    .option('--engine <engine>', 'docker (default) or podman');
  const parsed = parseArguments(program, argv);
  if (parsed !== undefined) return parsed;
  const options = program.opts<{ clients: string; only?: string; out: string; engine?: string; parallel: string; timing?: string; suites?: string; baseline?: string }>();
  // Read before anything starts: a baseline that cannot be read is bad input, not a night lost.
  const baseline = options.baseline === undefined ? undefined : readBaseline(options.baseline);
  if (typeof baseline === 'string') {
    console.error(`error: --baseline ${options.baseline}: ${baseline}`);
    return EXIT_BAD_INPUT;
  }
  const suites = options.suites?.split(',').map((s) => s.trim()).filter(Boolean);
  const badSuite = suites?.map(suiteProblem).find(Boolean);
  if (badSuite || suites?.length === 0) {
    console.error(`error: --suites: ${badSuite ?? 'names no Debian release'}`);
    return EXIT_BAD_INPUT;
  }
  if (options.timing !== undefined && options.timing !== 'test' && options.timing !== 'shipped') {
    console.error(`error: --timing must be test or shipped (not ${options.timing}); a matrix row has no site files of its own`);
    return EXIT_BAD_INPUT;
  }
  const timing = options.timing as 'test' | 'shipped' | undefined;
  const parallel = Number(options.parallel);
  if (!/^[1-4]$/.test(options.parallel)) {
    console.error(`error: --parallel must be a whole number from 1 to 4 (not ${options.parallel})`);
    return EXIT_BAD_INPUT;
  }
  const clients = options.clients.split(',').map((c) => c.trim()).filter(Boolean);
  const unknown = clients.filter((c) => !clientKinds().includes(c));
  if (unknown.length || clients.length === 0) {
    console.error(`error: --clients must name client MTAs among ${clientKinds().join(', ')} (not ${unknown.join(', ') || 'none'})`);
    return EXIT_BAD_INPUT;
  }
  const only = options.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const rows = new Set(BEHAVIOURS.map((b) => b.scenario));
  const notRows = (only ?? []).filter((name) => !rows.has(name));
  if (notRows.length) {
    console.error(`error: --only names scenarios that are not matrix rows: ${notRows.join(', ')}`);
    return EXIT_BAD_INPUT;
  }
  useEngine(options.engine ?? process.env.HARNESS_ENGINE ?? 'docker');
  tearDownOnInterrupt();
  const pool = new TopologyPool(2);
  const ran = await runMatrix({ clients, only, timing, progress: consoleProgress(), artifactsRoot: `${options.out}/logs`, pool, parallel, suites }).finally(() => pool.close());
  const matrix = baseline ? { ...ran, changesSince: matrixChangesSince(baseline, ran) } : ran;
  console.log('\n' + matrixMarkdown(matrix));
  console.log(`wrote ${writeMatrix(matrix, options.out)}/matrix.json, matrix.md and matrix.html`);
  // A cell that errored is a harness failure; FAIL and cannot are findings about the client.
  return matrix.rows.some((row) => Object.values(row.cells).some((cell) => cell.verdict === 'error')) ? EXIT_FAILED : EXIT_PASSED;
}

/** The baseline matrix, or why it cannot be one. */
function readBaseline(file: string): MatrixResult | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not JSON (${(error as Error).message})`;
  }
  return isMatrixResult(parsed) ? parsed : 'not a matrix.json (no generatedAt, clients and rows)';
}

runMain(main);
