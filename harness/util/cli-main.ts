import type { Command } from 'commander';
import { errorMessage } from './errors';
import { exitUnlessInterrupted, isInterrupted } from './interrupt';

/**
 * The command as the user typed it: the package's program (`mail-relay-harness matrix`) or, in this
 * repository, its npm script (`npm run matrix --`).
 */
export function commandName(subcommand?: string, npmScript = subcommand ?? 'scenario'): string {
  const installed = /mail-relay-harness(\.js)?$/.test(process.argv[1] ?? '');
  return installed ? ['mail-relay-harness', subcommand].filter(Boolean).join(' ') : `npm run ${npmScript} --`;
}

export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
/** The client MTA has no means for what the scenario asks (e.g. no SRV lookup): not run, not a pass. */
export const EXIT_UNSUPPORTED = 3;

/**
 * Parses the arguments; returns the exit code when parsing ends the program (--help: 0, a bad
 * option: 2, with commander's one line on stderr), or undefined to go on.
 */
export function parseArguments(program: Command, argv: string[]): number | undefined {
  program.exitOverride().configureOutput({ writeErr: (text) => process.stderr.write(text) });
  try {
    program.parse(argv, { from: 'user' });
    return undefined;
  } catch (error) {
    return (error as { exitCode?: number }).exitCode === 0 ? EXIT_PASSED : EXIT_BAD_INPUT;
  }
}

/** Runs a command's main and exits with its code; an error is one line on stderr and exit 2. */
export function runMain(main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => exitUnlessInterrupted(code),
    (error) => {
      // An interrupt is tearing down: its sweep exits, not the run its containers vanished under.
      if (isInterrupted()) return;
      console.error(`error: ${errorMessage(error)}`);
      process.exit(EXIT_BAD_INPUT);
    },
  );
}
