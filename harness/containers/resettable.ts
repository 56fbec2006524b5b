/** What a container is given at its start: the files copied in and its environment. */
export interface FreshState {
  files: { content: string; target: string; mode?: number }[];
  environment: Record<string, string>;
}

/**
 * A member that can be given the state of a fresh start while it runs, for the next run on a
 * reused topology: its files rewritten, its queue or store emptied, its faults healed, its log read
 * only from the reset on.
 */
export interface Resettable {
  resetTo(state: FreshState): Promise<void>;
}

export function isResettable(member: unknown): member is Resettable {
  return typeof (member as Partial<Resettable>)?.resetTo === 'function';
}
