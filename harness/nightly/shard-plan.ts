import type { ScenarioDefinition } from '../scenario/define-scenario';
import { ScenarioInputError } from '../util/errors';

export interface Shard {
  index: number;
  count: number;
}

/** "2/4" → the second of four shards. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new ScenarioInputError(`--shard must be i/n with 1 ≤ i ≤ n, such as 2/4, not "${text}"`);
  return { index, count };
}

// Measured on a 2-core machine: starting a topology and tearing it down ~6 s; a message through
// the relays ~10 ms in bulk; stops, starts and waits as written.
const START_MS = 6_000;
const PER_MESSAGE_MS = 10;
const PER_SERVER_CHANGE_MS = 1_000;

/** What a scenario is expected to cost, from its own story: enough to balance shards. */
export function estimatedMs(scenario: ScenarioDefinition): number {
  return scenario.steps.reduce((sum, step) => {
    switch (step.kind) {
      case 'send':
        return sum + step.count * PER_MESSAGE_MS;
      case 'wait':
        return sum + step.ms;
      case 'stop':
      case 'start':
        return sum + PER_SERVER_CHANGE_MS;
      default:
        return sum;
    }
  }, START_MS);
}

/**
 * Longest first, each to the shard with the least so far: shards take similar time. The plan
 * depends only on the scenario list, so every shard of a matrix computes the same one.
 */
export function shardOf<T extends { name: string; scenario: ScenarioDefinition }>(items: T[], shard: Shard): T[] {
  const loads = Array.from({ length: shard.count }, () => ({ ms: 0, items: [] as T[] }));
  const ordered = [...items].sort((a, b) => estimatedMs(b.scenario) - estimatedMs(a.scenario) || a.name.localeCompare(b.name));
  for (const item of ordered) {
    const lightest = loads.reduce((best, load) => (load.ms < best.ms ? load : best));
    lightest.ms += estimatedMs(item.scenario);
    lightest.items.push(item);
  }
  return loads[shard.index - 1].items.sort((a, b) => a.name.localeCompare(b.name));
}
