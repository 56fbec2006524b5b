#!/usr/bin/env node
'use strict';
// `npm run scenario|audit|matrix|...` in this repository: the compiled harness (dist/, as the installed
// program runs it) when it is as new as every source, else the sources through tsx, as without a build.
// The compiled program starts in about 0.75 s, the sources through tsx in about 1.4 s.
//   node scripts/run-harness.js harness/cli.ts [args...]
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const [entry, ...args] = process.argv.slice(2);

/** The newest modification time of a TypeScript source the build compiles. */
function newestSource(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, item.name === 'node_modules' ? 0 : newestSource(path));
    else if (item.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** True when `dir`'s dist/ was built after every TypeScript source the build compiles last changed. */
function compiledIsFresh(dir) {
  let built;
  try {
    built = statSync(join(dir, 'dist', '.built-at')).mtimeMs;
  } catch {
    return false;
  }
  return ['harness', 'scenarios', 'containers'].every((sources) => {
    try {
      return newestSource(join(dir, sources)) < built;
    } catch {
      return true;
    }
  });
}

if (require.main !== module) {
  module.exports = { compiledIsFresh };
} else if (compiledIsFresh(root)) {
  process.argv = [process.argv[0], join(root, 'dist', entry.replace(/\.ts$/, '.js')), ...args];
  require(process.argv[1]);
} else {
  // In this process, as `node --import tsx` would: no process between the user's Ctrl-C and the harness's cleanup.
  process.argv = [process.argv[0], join(root, entry), ...args];
  import('tsx').then(() => require(process.argv[1]));
}
