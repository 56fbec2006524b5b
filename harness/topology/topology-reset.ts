import { engineApi } from '../engine/engine-api';
import type { StartedHarnessContainer } from '../containers/harness-container';
import type { HarnessImages } from '../engine/image-builder';
import type { RunNetwork } from './run-network';
import { assembleTopology, StartedTopology, TopologyPlan, topologyMembers } from './topology';

/** A member that cannot be given a fresh state: the next run starts a topology of its own. */
export class NotResettable extends Error {
  override name = 'NotResettable';
}

/**
 * Gives every member of a topology the state of a fresh start for the next plan of the same shape:
 * each first gets what the engine undoes (paused, off the network, stopped or killed), then what it
 * rewrites and empties itself. Sinks last, once no relay or client can still pass them mail.
 */
export async function resetTopology(topology: StartedTopology, plan: TopologyPlan, images: HarnessImages, healedSince?: number): Promise<StartedTopology> {
  const members = topologyMembers({ ...plan, runId: topology.runId }, images, topology.network);
  const fresh = new Map([['dns', members.dns], ['client', members.client], ...members.servers, ...(members.resolver ? [['resolver', members.resolver] as const] : [])]);
  const all = topology.members();
  const sinks = new Set<StartedHarnessContainer>(topology.sinkMembers());
  const reset = async (entries: [string, StartedHarnessContainer][]) =>
    Promise.all(entries.map(async ([name, member]) => {
      const container = fresh.get(name);
      if (!container) throw new NotResettable(`${name} is not in the next run's topology`);
      if (await heal(member, topology.network, { healedSince, leaveStopped: plan.downFromTheStart?.has(name) })) await member.resetTo(container.freshState());
    }));
  await reset(all.filter(([, member]) => !sinks.has(member)));
  await reset(all.filter(([, member]) => sinks.has(member)));
  // The client meets the next run's dead hosts as a fresh start would: with no neighbour cached.
  await topology.client.forgetNeighbours();
  return assembleTopology(plan, topology.network, members.layout, {
    dns: topology.dns,
    resolver: topology.resolver,
    client: topology.client,
    servers: topology.servers,
  }, topology.runId);
}

/**
 * What the engine must undo, for every member at once: a pool does this as soon as a run gives its
 * topology back, so that the next run's reset finds the stopped relay already running. Members in
 * `leaveStopped` (the run stopped them before all else) stay stopped: the next run of the lane
 * likely stops them again, and one that does not starts them in its reset.
 */
export async function healTopology(topology: StartedTopology, leaveStopped: Set<string> = new Set()): Promise<void> {
  await Promise.all(topology.members().map(([name, member]) => heal(member, topology.network, { leaveStopped: leaveStopped.has(name) })));
}

/**
 * Undoes at the engine what a run (or a run killed in the middle of a fault) left: paused,
 * disconnected, stopped. A member a healer started after `healedSince` is waited for until it serves.
 * One stopped and to be `leaveStopped` stays so, its log begun anew: false, its fresh state is left
 * to the reset that next starts it.
 */
async function heal(member: StartedHarnessContainer, network: RunNetwork, options: { healedSince?: number; leaveStopped?: boolean } = {}): Promise<boolean> {
  const dockerode = await engineApi();
  const state = await dockerode.getContainer(member.getId()).inspect();
  if (state.State.Paused) await member.unpause();
  if (!state.NetworkSettings.Networks?.[network.name]) await member.rejoinNetwork(network);
  if (!state.State.Running && !state.State.Paused && options.leaveStopped) {
    member.keepStopped();
    return false;
  }
  const startedByHealer = options.healedSince !== undefined && Date.parse(state.State.StartedAt) > options.healedSince;
  // A start of a running container is nothing to the engine: startServer then only waits until it serves.
  if (!state.State.Running || startedByHealer) await member.startServer();
  return true;
}
