import type { HarnessImages } from '../engine/image-builder';
import { errorMessage } from '../util/errors';
import type { Progress } from '../util/progress';
import { activeRuns, removeRun } from './run-cleanup';
import { startTopology, StartedTopology, TopologyPlan } from './topology';
import { topologyShape } from './topology-shape';
import { healTopology, resetTopology } from './topology-reset';
import { adoptTopology, claimExpired, claimKept, forgetKept, keepForLater, recordNew } from './kept-topologies';
import { healDetached } from './kept-healer';

/** How a run got its topology: started now, or reset from an earlier run's. */
export interface AcquiredTopology {
  topology: StartedTopology;
  reused: boolean;
  /** How long the reset took, when reused. */
  resetMs?: number;
}

/**
 * Topologies kept up between runs in this process (a --watch session, a test file): the next run
 * of the same shape resets one instead of starting containers. At most `maxIdle` topologies stay
 * idle (runs side by side may each keep one of a shape), the least recently used removed first; close() removes them all. With `acrossProcesses`
 * (`--reuse`), a topology is kept for the next process instead, and one an earlier process kept
 * is taken over.
 */
export class TopologyPool {
  /** Idle topologies, least recently released first, each with its shape. */
  private readonly idle: { shape: string; topology: StartedTopology }[] = [];
  private readonly shapes = new Map<StartedTopology, string>();
  /** Idle topologies being healed in the background (a stopped relay started again, ...). */
  private readonly healing = new Map<StartedTopology, Promise<void>>();
  /** Each topology's run's servers stopped before all else: left stopped when it is given back. */
  private readonly downFromTheStart = new Map<StartedTopology, Set<string>>();
  /** Topologies taken over from an earlier process, with when it kept them: a member started since was started by its healer. */
  private readonly healedSince = new Map<StartedTopology, number>();

  constructor(
    private readonly maxIdle = 2,
    private readonly options: { acrossProcesses?: boolean } = {},
  ) {}

  /** A kept topology of this shape: this process's own, or (across processes) one an earlier process left. */
  private async warmOf(shape: string, plan: TopologyPlan, images: HarnessImages, progress: Progress): Promise<StartedTopology | undefined> {
    const index = this.idle.map((kept) => kept.shape).lastIndexOf(shape);
    if (index >= 0) {
      const [{ topology: own }] = this.idle.splice(index, 1);
      await this.healed(own);
      return own;
    }
    if (!this.options.acrossProcesses) return undefined;
    for (const runId of claimExpired()) {
      progress.info(`removing the topology ${runId}, kept and unused for over an hour`);
      await removeRun(runId);
      forgetKept(runId);
    }
    const kept = await claimKept(shape);
    if (!kept) return undefined;
    const { runId, keptAt } = kept;
    activeRuns.add(runId);
    try {
      const adopted = await adoptTopology(runId, plan, images);
      this.healedSince.set(adopted, keptAt);
      return adopted;
    } catch (error) {
      progress.info(`the kept topology ${runId} could not be taken over (${errorMessage(error).split('\n')[0]}): starting a fresh one`);
      await removeRun(runId).catch(() => undefined);
      forgetKept(runId);
      activeRuns.delete(runId);
      return undefined;
    }
  }

  async acquire(plan: TopologyPlan, images: HarnessImages, progress: Progress): Promise<AcquiredTopology> {
    const shape = topologyShape(plan, images);
    const warm = shape ? await this.warmOf(shape, plan, images, progress) : undefined;
    if (shape && warm) {
      const began = Date.now();
      try {
        const topology = await resetTopology(warm, plan, images, this.healedSince.get(warm));
        this.healedSince.delete(warm);
        this.shapes.set(topology, shape);
        this.downFromTheStart.set(topology, plan.downFromTheStart ?? new Set());
        return { topology, reused: true, resetMs: Date.now() - began };
      } catch (error) {
        progress.info(`the kept topology ${warm.runId} could not be reset (${errorMessage(error).split('\n')[0]}): starting a fresh one`);
        await this.remove(warm);
      }
    }
    // Every relay keeps its queue on disk, so that any later plan of the shape may stop it.
    const pooled = { ...plan, kept: true, stoppedByAStep: new Set(plan.servers.map((server) => server.name)) };
    activeRuns.add(plan.runId);
    if (shape && this.options.acrossProcesses) recordNew(plan.runId, shape);
    const topology = await startTopology(shape ? pooled : plan, images);
    if (shape) this.shapes.set(topology, shape);
    this.downFromTheStart.set(topology, plan.downFromTheStart ?? new Set());
    return { topology, reused: false };
  }

  /** The run is over: its topology waits for the next run of its shape. */
  async release(topology: StartedTopology): Promise<void> {
    const shape = this.shapes.get(topology);
    this.shapes.delete(topology);
    const leaveStopped = this.downFromTheStart.get(topology);
    this.downFromTheStart.delete(topology);
    if (!shape) return this.remove(topology);
    if (this.options.acrossProcesses) {
      // Healed while the next process starts, not while this one still runs.
      keepForLater(topology.runId, shape, () => healDetached(topology.runId));
      activeRuns.delete(topology.runId);
      return;
    }
    this.idle.push({ shape, topology });
    // Not awaited: the heal runs while the caller reports, and the next run of the shape waits for it.
    // One that fails is left to that run's reset, which heals and, failing, starts afresh.
    this.healing.set(topology, healTopology(topology, leaveStopped).catch(() => undefined));
    while (this.idle.length > this.maxIdle) await this.remove(this.idle.shift()!.topology);
  }

  /** Removes a topology (one whose run failed halfway, whose state nobody vouches for). */
  async remove(topology: StartedTopology): Promise<void> {
    await this.healed(topology);
    this.shapes.delete(topology);
    this.downFromTheStart.delete(topology);
    await removeRun(topology.runId);
    forgetKept(topology.runId);
    activeRuns.delete(topology.runId);
  }

  private async healed(topology: StartedTopology): Promise<void> {
    await this.healing.get(topology);
    this.healing.delete(topology);
  }

  /** Every kept topology removed. */
  async close(): Promise<void> {
    const kept = this.idle.splice(0).map(({ topology }) => topology);
    await Promise.all(kept.map((topology) => this.remove(topology)));
  }
}
