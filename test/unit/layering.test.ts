import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

// The harness's layering, written down as Playwright's DEPS.list does: each folder of harness/ and
// the folders it may import (type imports count too). A new edge is a decision: add it here with
// its reason, or move the code. No module may import itself back through others.
const ALLOWED: Record<string, string[]> = {
  '.': ['engine', 'export', 'files', 'model', 'mta', 'report', 'scenario', 'stats', 'topology', 'util'],
  util: [],
  model: [],
  stats: [],
  engine: ['model', 'mta', 'util'], // images per client MTA
  containers: ['..', 'engine', 'model', 'topology', 'util'], // the sink's own types; engine: its one handle
  mail: ['containers', 'model', 'util'],
  files: ['servers', 'topology', 'util'],
  servers: ['containers', 'engine', 'mta', 'scenario'],
  mta: ['containers', 'files', 'mail', 'model', 'servers', 'util'],
  topology: ['containers', 'engine', 'mail', 'model', 'mta', 'scenario', 'servers', 'util'],
  report: ['containers', 'mail', 'model', 'scenario', 'topology'],
  scenario: ['containers', 'engine', 'files', 'mail', 'model', 'mta', 'report', 'servers', 'stats', 'topology', 'util'],
  matrix: ['engine', 'model', 'mta', 'report', 'scenario', 'topology', 'util'],
  nightly: ['engine', 'model', 'mta', 'report', 'scenario', 'stats', 'topology', 'util'],
  export: ['engine', 'mta', 'scenario', 'servers', 'topology', 'util', 'walkthrough'],
  walkthrough: ['..', 'containers', 'engine', 'mail', 'report', 'scenario', 'topology', 'util'],
  init: ['scenarios', 'util'], // 'scenarios': an import in the text of a starter file it writes
  audit: ['engine', 'files', 'mail', 'model', 'mta', 'report', 'scenario', 'servers', 'topology', 'util'], // servers: what a relay kind makes of a site's own file, from its registry entry
  matchers: ['mail', 'report'],
  jest: ['matchers'],
  vitest: ['matchers'],
};

const ROOT = join(__dirname, '../../harness');
const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? files(path) : name.endsWith('.ts') ? [path] : [];
});
const IMPORT = /^(?:import|export)[^;]*?from\s+'(\.[^']+)'/gms;
const imports = new Map(files(ROOT).map((file) => [file, [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => normalize(join(dirname(file), m[1])))]));
/** A module's folder of harness/ ('.' at its top, '..' outside it). */
const folderOf = (module: string) => {
  const path = relative(ROOT, module);
  return path.startsWith('..') ? '..' : path.includes('/') ? path.split('/')[0] : '.';
};

describe('the layering of harness/', () => {
  it('should import across folders only along the written-down edges', () => {
    const unexpected = [...imports].flatMap(([file, targets]) => targets.flatMap((target) => {
      const [from, folder] = [folderOf(file), folderOf(target)];
      return from === folder || ALLOWED[from]?.includes(folder) ? [] : [`${relative(ROOT, file)} imports ${relative(ROOT, target)} (${from} → ${folder})`];
    }));
    expect(unexpected).toEqual([]);
  });

  it('should reach the container engine through one module only', () => {
    const callers = [...imports.keys()].filter((file) => /\bgetContainerRuntimeClient\b/.test(readFileSync(file, 'utf8'))).map((file) => relative(ROOT, file));
    expect(callers).toEqual(['engine/engine-api.ts']);
  });

  it('should have no import cycle between modules, type imports included', () => {
    const resolved = (target: string) => [`${target}.ts`, join(target, 'index.ts')].find((path) => imports.has(path));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') return void cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(ROOT, f)).join(' → '));
      state.set(file, 'open');
      for (const target of imports.get(file) ?? []) {
        const next = resolved(target);
        if (next) visit(next, [...path, file]);
      }
      state.set(file, 'done');
    };
    for (const file of imports.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
