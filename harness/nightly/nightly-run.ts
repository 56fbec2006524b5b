import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { runScenario } from '../scenario/run-scenario';
import { loadScenario, scenarioNames } from '../scenario/load-scenario';
import { assertValidScenario } from '../scenario/validate-scenario';
import type { ScenarioDefinition } from '../scenario/define-scenario';
import { ensureEngine } from '../engine/container-engine';
import { ensureImages } from '../engine/image-builder';
import { selectedEngine } from '../engine/engine-choice';
import { imageVersions } from '../engine/image-versions';
import { jsonResult, JsonScenarioResult } from '../report/result-table';
import { junitXml } from '../report/junit-report';
import { renderReport } from '../report/html-report';
import { ScenarioInputError, errorMessage } from '../util/errors';
import { stopIfInterrupted } from '../util/interrupt';
import type { Progress } from '../util/progress';
import { compareWithBaseline, ChangeReport } from './baseline-comparison';
import type { NightlyResults } from './nightly-results';
import { Shard, shardOf } from './shard-plan';
import { onClients } from './client-plan';

export interface NightlyOptions {
  out: string;
  shard?: Shard;
  /** Scenario names or paths; default the whole catalog. */
  only?: string[];
  baseline?: string;
  /** Client MTAs to run each scenario on (neutral routes are swapped); default each scenario's own. */
  clients?: string[];
  /** The catalog folder (the user's own, `--dir`); default the harness's. */
  dir?: string;
  progress: Progress;
}

/** Reads a results.json, or says in one sentence why it cannot. */
export function readResults(path: string): NightlyResults {
  if (!existsSync(path)) throw new ScenarioInputError(`no results file at ${path}`);
  try {
    const results = JSON.parse(readFileSync(path, 'utf8')) as NightlyResults;
    if (!Array.isArray(results.scenarios)) throw new Error('it has no "scenarios" list');
    return results;
  } catch (error) {
    throw new ScenarioInputError(`${path} is not a harness results.json: ${errorMessage(error)}`);
  }
}

/** results.json, junit.xml and report.html (with the changes since the baseline, when given). */
export function writeOutputs(results: NightlyResults, out: string, baseline?: string): ChangeReport | undefined {
  mkdirSync(out, { recursive: true });
  const changes = baseline ? compareWithBaseline(readResults(baseline), results) : undefined;
  writeFileSync(join(out, 'results.json'), JSON.stringify(results, null, 1) + '\n');
  writeFileSync(join(out, 'junit.xml'), junitXml(results.scenarios));
  writeFileSync(join(out, 'report.html'), renderReport(results, changes));
  return changes;
}

/** Loads and validates every scenario first: bad input stops the night before anything starts. */
async function plannedScenarios(options: NightlyOptions): Promise<{ name: string; scenario: ScenarioDefinition }[]> {
  const names = options.only ?? scenarioNames(options.dir);
  const loaded = await Promise.all(names.map(async (name) => {
    const scenario = await loadScenario(name, options.dir);
    assertValidScenario(scenario, name);
    return { name: scenario.name, scenario };
  }));
  return options.shard ? shardOf(loaded, options.shard) : loaded;
}

/** A scenario that could not run to a verdict still gets a result: failed, with the reason. */
function errored(scenario: ScenarioDefinition | string, error: unknown, durationMs: number): JsonScenarioResult {
  const named = typeof scenario === 'string' ? { scenario } : { scenario: scenario.name, description: scenario.description, source: scenario.source };
  return {
    ...jsonResult({ ...named, runId: '', passed: false, durationMs, messages: [], expectations: [], findings: [] }),
    expectations: [{ description: 'the scenario runs to a verdict', passed: false, detail: errorMessage(error) }],
  };
}

/** The whole catalog (or a shard of it) in one go: every scenario's result, the versions, three files. */
export async function runNightly(options: NightlyOptions): Promise<{ results: NightlyResults; changes?: ChangeReport }> {
  const began = Date.now();
  const planned = (await plannedScenarios(options)).flatMap(({ scenario }) => onClients(scenario, options.clients));
  if (options.baseline) readResults(options.baseline);
  await ensureEngine(options.progress);
  const images = await ensureImages(options.progress);
  const versions = await imageVersions(images);
  options.progress.info(`${Object.values(versions.clients ?? {}).join(', ')}, ${versions.bind}, Debian ${versions.debian} (${versions.suite}); ${planned.length} scenarios`);
  const out = resolve(options.out);
  const scenarios: JsonScenarioResult[] = [];
  for (const run of planned) {
    stopIfInterrupted();
    if ('unsupported' in run) {
      // Not a pass and not a failure: the client has no means for what the scenario asks.
      scenarios.push({ ...errored(run.name, undefined, 0), expectations: [], findings: [run.unsupported.finding], unsupported: run.unsupported.finding });
      options.progress.info(`CANNOT  ${run.name}: ${run.unsupported.finding}`);
      continue;
    }
    const { scenario } = run;
    const started = Date.now();
    try {
      const result = jsonResult(await runScenario(scenario, { artifactsRoot: join(out, 'logs') }));
      // Relative, so that the report's links work from a downloaded CI artifact.
      if (result.artifactsDir) result.artifactsDir = relative(out, result.artifactsDir);
      scenarios.push(result);
    } catch (error) {
      // Its containers were removed under it by Ctrl-C: not a failure to report.
      stopIfInterrupted();
      scenarios.push(errored(scenario, error, Date.now() - started));
    }
    const last = scenarios[scenarios.length - 1];
    options.progress.info(`${last.passed ? 'PASS' : 'FAIL'}  ${scenario.name} (${(last.durationMs / 1000).toFixed(1)} s)`);
  }
  const results: NightlyResults = {
    generatedAt: new Date().toISOString(),
    engine: selectedEngine(),
    versions,
    shards: options.shard ? [`${options.shard.index}/${options.shard.count}`] : [],
    wallMs: Date.now() - began,
    scenarios,
  };
  return { results, changes: writeOutputs(results, out, options.baseline) };
}

/** Several shards' results.json as one night. */
export function mergeShards(dirs: string[]): NightlyResults {
  const parts = dirs.map((dir) => readResults(join(dir, 'results.json')));
  const versions = new Set(parts.map((part) => JSON.stringify(part.versions)));
  if (versions.size > 1) throw new ScenarioInputError(`the shards in ${dirs.join(', ')} were run with different images; merge only one night's shards`);
  return {
    generatedAt: parts.map((part) => part.generatedAt).sort().pop()!,
    engine: parts[0].engine,
    versions: parts[0].versions,
    shards: parts.flatMap((part) => part.shards),
    wallMs: Math.max(...parts.map((part) => part.wallMs)),
    scenarios: parts.flatMap((part) => part.scenarios).sort((a, b) => a.scenario.localeCompare(b.scenario)),
  };
}
