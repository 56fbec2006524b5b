import { existsSync, readdirSync } from 'node:fs';
import { basename, resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ScenarioInputError, errorMessage } from '../util/errors';
import type { ScenarioDefinition } from './define-scenario';

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

/** Imports a scenario file and returns its default export (not yet validated). */
export async function loadScenario(nameOrPath: string, dir = SCENARIOS_DIR): Promise<ScenarioDefinition> {
  const path = resolveScenarioPath(nameOrPath, dir);
  let module: { default?: unknown };
  try {
    module = await import(generation ? `${pathToFileURL(path).href}?generation=${generation}` : path);
  } catch (error) {
    // A file the scenario reads, refused (an address outside its network): said as it is.
    if (error instanceof ScenarioInputError) throw new ScenarioInputError(`${basename(path)}: ${error.message}`);
    throw new ScenarioInputError(`${basename(path)} could not be loaded: ${errorMessage(error).split('\n')[0]}`);
  }
  const definition = (module.default as { default?: unknown } | undefined)?.default ?? module.default;
  if (!definition || typeof definition !== 'object') {
    throw new ScenarioInputError(`${basename(path)} has no default export (export default defineScenario({...}))`);
  }
  return definition as ScenarioDefinition;
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
