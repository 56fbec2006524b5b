#!/usr/bin/env node
'use strict';
// The package's one program: `mail-relay-harness SCENARIO|NAME [options]` runs a scenario; the
// first word may instead name a subcommand (init, nightly, matrix, walkthrough, audit, clean, images). A
// user's TypeScript scenario files load through tsx, the package's own dependency, registered when the
// first one is loaded: nothing for the user to install or configure. Each subcommand loads only its
// own part of the harness.
const commands = {
  init: { module: 'init/init-cli.js' },
  nightly: { module: 'nightly/nightly-cli.js' },
  matrix: { module: 'matrix/matrix-cli.js' },
  walkthrough: { module: 'walkthrough/walkthrough-cli.js' },
  audit: { module: 'audit/audit-cli.js' },
  clean: { module: 'cli.js', flag: '--clean' },
  images: { module: 'cli.js', flag: '--build-images' },
};
const command = commands[process.argv[2]];
if (command) process.argv.splice(2, 1, ...(command.flag ? [command.flag] : []));
require(`../dist/harness/${command ? command.module : 'cli.js'}`);
