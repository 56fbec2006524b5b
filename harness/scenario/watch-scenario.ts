import { watch } from 'node:fs';
import { sep } from 'node:path';
import { filesRead } from '../files/caller-dir';
import { PACKAGE_ROOT } from '../util/package-files';
import { TopologyPool } from '../topology/topology-pool';
import { errorMessage } from '../util/errors';
import { loadScenariosAnew } from './load-scenario';

/** A module of the user's: not the harness's own code, not an installed package. */
const isUsersModule = (path: string) =>
  !path.includes(`${sep}node_modules${sep}`) && !path.startsWith(`${PACKAGE_ROOT}${sep}harness${sep}`) && !path.startsWith(`${PACKAGE_ROOT}${sep}dist${sep}`);

/** The user's modules loaded so far, forgotten so that the next load reads them from disk again. */
function forgetUsersModules(): void {
  for (const path of Object.keys(require.cache).filter(isUsersModule)) delete require.cache[path];
  loadScenariosAnew();
}

/** Resolves on the first change to any of the files (a save, or an editor's rename over it). */
function nextChange(files: string[]): Promise<string> {
  return new Promise((resolve) => {
    const watchers = files.map((file) => {
      try {
        return watch(file, () => {
          for (const watcher of watchers) watcher?.close();
          // An editor's save is often several events: let them land.
          setTimeout(() => resolve(file), 150);
        });
      } catch {
        return undefined;
      }
    });
  });
}

/**
 * Runs the scenario, then again on every save of its file, the modules it imports and the files it
 * reads, on one topology kept between runs (reset for each): until Ctrl-C, which removes it.
 */
export async function watchScenario(scenarioPath: string, runOnce: (pool: TopologyPool) => Promise<unknown>): Promise<never> {
  const pool = new TopologyPool(1);
  for (;;) {
    forgetUsersModules();
    filesRead.clear();
    try {
      await runOnce(pool);
    } catch (error) {
      // A broken save is said and waited out: the next save may mend it.
      console.error(`error: ${errorMessage(error).split('\n')[0]}`);
    }
    const files = [...new Set([scenarioPath, ...Object.keys(require.cache).filter(isUsersModule), ...filesRead])];
    console.log(`\nwatching ${files.length} file${files.length === 1 ? '' : 's'} (Ctrl-C stops and removes the containers)`);
    const changed = await nextChange(files);
    console.log(`\n${changed} changed: running again`);
  }
}
