import { SetupError } from '../util/errors';
import { engineAnswers, engineLabel } from './container-engine';

const EVERY_MS = 3000;
/** Misses in a row before the run gives up: a busy engine may miss one ping. */
const MISSES = 3;

/** The engine stopped answering: the run ends with this, and `npm run clean` removes what it left once the engine is back. */
export class EngineLostError extends SetupError {
  override name = 'EngineLostError';
}

/**
 * Pings the engine while a run goes on. A run whose engine dies would otherwise wait for a step
 * that needs it (a wait step can be minutes long); this ends it within about 10 s of the loss.
 */
export class EngineWatch {
  private timer?: NodeJS.Timeout;
  private misses = 0;
  readonly lost: Promise<never>;
  private reject!: (error: EngineLostError) => void;

  constructor() {
    this.lost = new Promise<never>((_resolve, reject) => (this.reject = reject));
    this.lost.catch(() => undefined);
    this.timer = setInterval(() => void this.ping(), EVERY_MS);
    this.timer.unref();
  }

  private async ping(): Promise<void> {
    if (await engineAnswers(EVERY_MS - 500)) {
      this.misses = 0;
      return;
    }
    if (++this.misses < MISSES) return;
    this.stop();
    this.reject(engineLost());
  }

  /** Races a piece of the run against the engine's loss. */
  guard<T>(work: Promise<T>): Promise<T> {
    // Left behind when the engine is lost, it fails later: that is no news, and must not end the process.
    work.catch(() => undefined);
    return Promise.race([work, this.lost]);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Whether the engine is gone now (asked once more at the end of a run, whatever the watch saw). */
  async isLost(): Promise<boolean> {
    return this.misses >= MISSES || !(await engineAnswers(2000));
  }
}

export function engineLost(cause?: string): EngineLostError {
  return new EngineLostError(
    `the container engine (${engineLabel()}) stopped answering during the run${cause ? ` (${cause})` : ''}: ` +
      "the run cannot go on; once the engine is back, 'npm run clean' removes the containers and network it left",
  );
}

/** An error that says the engine's socket is gone or refuses: the engine died, whatever call met it. */
export function isEngineGone(error: unknown): boolean {
  const { code, address, message } = error as { code?: string; address?: string; message?: string };
  return ['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE'].includes(code ?? '') && /\.sock$|:2375$/.test(address ?? message ?? '');
}
