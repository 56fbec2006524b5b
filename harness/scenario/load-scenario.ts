import { existsSync, readdirSync } from 'node:fs';
import { basename, resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ScenarioInputError, errorMessage } from '../util/errors';
import type { ScenarioDefinition } from './define-scenario';
import type { NegativeTwin } from './negative-twin';

export const SCENARIOS_DIR = resolve(__dirname, '../../scenarios');

/** A name from a catalog folder (the package's scenarios/ unless `--dir` names the user's) or a path to a scenario file. */
export function resolveScenarioPath(nameOrPath: string, dir = SCENARIOS_DIR): string {
  const candidates = /[/\\]|\.[jt]s$/.test(nameOrPath) ? [resolve(nameOrPath)] : [join(dir, `${nameOrPath}.ts`), join(dir, `${nameOrPath}.js`)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new ScenarioInputError(`no scenario "${nameOrPath}": ${candidates[0]} does not exist (see --list)`);
  }
  return found;
}

/** Bumped by --watch before each run: a scenario file is imported anew, not from the loader's cache. */
let generation = 0;
export function loadScenariosAnew(): void {
  generation++;
}

let typeScriptLoads = false;
/**
 * Compiled (the installed program), the harness loads a TypeScript scenario file through tsx,
 * registered the first time one is met: a run of a compiled scenario does not pay its start-up.
 */
function loadTypeScript(path: string): void {
  if (typeScriptLoads || !/\.[cm]?tsx?$/.test(path) || !__filename.endsWith('.js')) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('tsx/cjs/api').register();
  typeScriptLoads = true;
}

/** Imports a scenario file (anew under --watch), saying a failure to load in one line. */
async function importScenarioFile(path: string): Promise<Record<string, unknown>> {
  try {
    loadTypeScript(path);
    const module = (await import(generation ? `${pathToFileURL(path).href}?generation=${generation}` : path)) as Record<string, unknown>;
    // Compiled to CommonJS, the file's exports may sit one level down.
    const inner = (module.default as Record<string, unknown> | undefined)?.default;
    return inner && typeof inner === 'object' ? (module.default as Record<string, unknown>) : module;
  } catch (error) {
    // A file the scenario reads, refused (an address outside its network): said as it is.
    if (error instanceof ScenarioInputError) throw new ScenarioInputError(`${basename(path)}: ${error.message}`);
    throw new ScenarioInputError(`${basename(path)} could not be loaded: ${errorMessage(error).split('\n')[0]}`);
  }
}

/** Imports a scenario file and returns its default export (not yet validated). */
export async function loadScenario(nameOrPath: string, dir = SCENARIOS_DIR): Promise<ScenarioDefinition> {
  const path = resolveScenarioPath(nameOrPath, dir);
  const definition = (await importScenarioFile(path)).default;
  if (!definition || typeof definition !== 'object') {
    throw new ScenarioInputError(`${basename(path)} has no default export (export default defineScenario({...}))`);
  }
  return definition as ScenarioDefinition;
}

/** The scenario file's `negativeTwin` export, or undefined when it has none. */
export async function loadNegativeTwin(nameOrPath: string, dir = SCENARIOS_DIR): Promise<NegativeTwin | undefined> {
  const path = resolveScenarioPath(nameOrPath, dir);
  const twin = (await importScenarioFile(path)).negativeTwin as NegativeTwin | undefined;
  if (twin === undefined) return undefined;
  if (typeof twin !== 'object' || !twin.twin || typeof twin.broken !== 'string' || !(twin.fails instanceof RegExp)) {
    throw new ScenarioInputError(`${basename(path)}: negativeTwin is not { broken, twin, fails } (make it with changing, claimingCarriers, claimingModel or expecting)`);
  }
  return twin;
}

/**
 * A scenario some client is documented to fail (documentedFailures) exports beside it the same
 * scenario with the documented cause lifted (`export const causeLifted = {...}`): it must PASS on
 * that client, the proof that the failure is the documented one and not the harness's.
 */
export async function loadCauseLifted(nameOrPath: string, dir = SCENARIOS_DIR): Promise<ScenarioDefinition | undefined> {
  const path = resolveScenarioPath(nameOrPath, dir);
  return (await importScenarioFile(path)).causeLifted as ScenarioDefinition | undefined;
}

/** Every scenario file of a catalog folder, by name (files starting with _ are shared parts). */
export function scenarioNames(dir = SCENARIOS_DIR): string[] {
  if (!existsSync(dir)) throw new ScenarioInputError(`--dir ${dir}: no such folder`);
  return readdirSync(dir)
    // .ts from the sources, .js in the compiled package.
    .filter((file) => /^[^_].*(?<!\.d)\.(ts|js)$/.test(file))
    .map((file) => file.replace(/\.(ts|js)$/, ''))
    .sort();
}
