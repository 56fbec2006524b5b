/** Where a run tells what it is doing. The CLI prints; tests may stay quiet. */
export interface Progress {
  info(message: string): void;
}

export const silentProgress: Progress = { info: () => undefined };

export function consoleProgress(startedAt = Date.now()): Progress {
  return {
    info: (message) => console.log(`[${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)}s] ${message}`),
  };
}
