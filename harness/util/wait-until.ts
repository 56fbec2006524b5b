export interface WaitOptions {
  /** What is being waited for, named in the timeout error. */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Asked after each failed probe: a sentence ends the wait at once (the thing waited for cannot come). */
  abortIf?: () => Promise<string | undefined>;
}

/** A bounded wait given up early because `abortIf` said the thing waited for cannot come. */
export class WaitAborted extends Error {
  override name = 'WaitAborted';
}

/** Polls `probe` until it returns a value other than undefined; a bounded wait that names what it waited for. */
export async function waitUntil<T>(probe: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    const abort = await options.abortIf?.();
    if (abort) throw new WaitAborted(`gave up waiting for ${options.what}: ${abort}`);
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}${cause}`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
