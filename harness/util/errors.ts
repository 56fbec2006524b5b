/** A problem with what the user gave us (scenario, arguments): exit 2, nothing started. */
export class ScenarioInputError extends Error {
  override name = 'ScenarioInputError';
}

/** The machine could not be prepared (engine, images, network): exit 2. */
export class SetupError extends Error {
  override name = 'SetupError';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
