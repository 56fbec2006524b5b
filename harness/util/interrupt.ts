/** Whether this process is leaving on Ctrl-C, SIGTERM or a crash (topology/teardown-on-interrupt sets it as its sweep begins). */
let leaving = false;

export const isInterrupted = (): boolean => leaving;

export function markInterrupted(): void {
  leaving = true;
}

/** For a command that plays many runs: after Ctrl-C it starts no next one (the sweep exits the process). */
export function stopIfInterrupted(): void {
  if (leaving) throw new Error('interrupted');
}

/**
 * Exits with `code`, unless an interrupt is tearing down: then the run's own failure (its
 * containers vanishing under it) must not exit before the sweep is done; the sweep exits.
 */
export function exitUnlessInterrupted(code: number): void {
  if (!leaving) process.exit(code);
}
