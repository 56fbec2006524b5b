#!/usr/bin/env node
'use strict';
// The package's JavaScript: harness/ and scenarios/ compiled into dist/ with their types. The
// images' build folders (containers/, harness/mta/*/image/) ship as they are, beside dist/.
const { rmSync } = require('node:fs');
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
