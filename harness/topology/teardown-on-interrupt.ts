import { errorMessage } from '../util/errors';
import { markInterrupted } from '../util/interrupt';
import { sleep } from '../util/wait-until';
import { activeRuns, creationsSettled, refuseNewCreations, removeRun } from './run-cleanup';

const EXIT_SETUP_FAILED = 2;
const SWEEP_PAUSE_MS = 1000;
const SWEEP_LIMIT_MS = 15_000;

/**
 * Removes this process's runs until a sweep finds nothing left. A container or network that the
 * engine is still creating at the moment of the signal appears only after an earlier sweep.
 */
async function sweepUntilEmpty(): Promise<void> {
  const deadline = Date.now() + SWEEP_LIMIT_MS;
  let sweeps = 0;
  for (;;) {
    await creationsSettled(deadline);
    const removed = await Promise.all([...activeRuns].map((run) => removeRun(run).catch(() => ({ containers: 1, networks: 1, refused: [] }))));
    sweeps++;
    const found = removed.reduce((sum, report) => sum + report.containers + report.networks + report.refused.length, 0);
    if ((found === 0 && sweeps >= 2) || Date.now() > deadline) return;
    await sleep(SWEEP_PAUSE_MS);
  }
}

/** Ctrl-C, SIGTERM or a crash: remove what this process started before leaving. */
export function tearDownOnInterrupt(): void {
  const leave = (why: string, code: number) => {
    markInterrupted();
    refuseNewCreations();
    console.error(`\n${why}: removing this run's containers and network`);
    void sweepUntilEmpty().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => leave('interrupted', 130));
  process.once('SIGTERM', () => leave('terminated', 143));
  process.once('uncaughtException', (error) => leave(`internal error: ${errorMessage(error)}`, EXIT_SETUP_FAILED));
}
