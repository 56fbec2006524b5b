import { existsSync, readdirSync } from 'node:fs';
import { basename, resolve, join } from 'node:path';
import { ScenarioInputError, errorMessage } from '../util/errors';
import type { ScenarioDefinition } from './define-scenario';

export const SCENARIOS_DIR = resolve(__dirname, '../../scenarios');

/** A name from scenarios/ ("failover") or a path to a scenario file. */
export function resolveScenarioPath(nameOrPath: string): string {
  const candidates = /[/\\]|\.ts$/.test(nameOrPath) ? [resolve(nameOrPath)] : [join(SCENARIOS_DIR, `${nameOrPath}.ts`)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new ScenarioInputError(`no scenario "${nameOrPath}": ${candidates[0]} does not exist (see --list)`);
  }
  return found;
}

/** Imports a scenario file and returns its default export (not yet validated). */
export async function loadScenario(nameOrPath: string): Promise<ScenarioDefinition> {
  const path = resolveScenarioPath(nameOrPath);
  let module: { default?: unknown };
  try {
    module = await import(path);
  } catch (error) {
    throw new ScenarioInputError(`${basename(path)} could not be loaded: ${errorMessage(error).split('\n')[0]}`);
  }
  const definition = (module.default as { default?: unknown } | undefined)?.default ?? module.default;
  if (!definition || typeof definition !== 'object') {
    throw new ScenarioInputError(`${basename(path)} has no default export (export default defineScenario({...}))`);
  }
  return definition as ScenarioDefinition;
}

/** Every scenario file in scenarios/, by name. */
export function scenarioNames(): string[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((file) => file.endsWith('.ts') && !file.startsWith('_'))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
}
