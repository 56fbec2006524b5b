#!/usr/bin/env node
'use strict';
// The package's JavaScript: harness/ and scenarios/ compiled into dist/ with their types. The
// images' build folders (containers/, harness/mta/*/image/) ship as they are, beside dist/.
const { mkdirSync, rmSync, utimesSync, writeFileSync } = require('node:fs');
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
// Stamped before the compile: a source changed while it runs is newer than the build (scripts/run-harness.js).
const builtAt = new Date();
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
writeFileSync(join(root, 'dist', '.built-at'), '');
utimesSync(join(root, 'dist', '.built-at'), builtAt, builtAt);

// ES module entries beside the CommonJS build: `import { defineScenario } from 'mail-relay-failover-harness'`
// from an .mjs or a "type": "module" project names each export (listed from the built module), and
// the vitest entry registers the matchers on vitest's own `expect`, as an ES module of vitest's world.
const esm = join(root, 'dist', 'esm');
mkdirSync(esm, { recursive: true });
const names = Object.keys(require(join(root, 'dist', 'harness', 'index.js'))).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
writeFileSync(join(esm, 'index.mjs'), [
  "import harness from '../harness/index.js';",
  `export const { ${names.join(', ')} } = harness;`,
  'export default harness;',
  '',
].join('\n'));
writeFileSync(join(esm, 'vitest.mjs'), [
  "import { expect } from 'vitest';",
  "import matchers from '../harness/matchers/scenario-matchers.js';",
  '',
  'export const scenarioMatchers = matchers.scenarioMatchers;',
  'expect.extend(scenarioMatchers);',
  '',
].join('\n'));
