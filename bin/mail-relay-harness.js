#!/usr/bin/env node
'use strict';
// The package's command: `mail-relay-harness SCENARIO|NAME [options]`, `mail-relay-harness init`,
// `mail-relay-harness nightly`. A user's TypeScript scenario files load through tsx, the package's
// own dependency: nothing for the user to install or configure.
require('tsx/cjs/api').register();
const commands = { init: 'init/init-cli.js', nightly: 'nightly/nightly-cli.js', matrix: 'matrix/matrix-cli.js' };
const command = commands[process.argv[2]];
if (command) process.argv.splice(2, 1);
require(`../dist/harness/${command ?? 'cli.js'}`);
