import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wait } from 'testcontainers';
import { engineApi } from '../engine/engine-api';
// Not in testcontainers' index: the class its start() returns, here made around a container that is already running.
import { StartedGenericContainer } from 'testcontainers/build/generic-container/started-generic-container';
import { BoundPorts } from 'testcontainers/build/utils/bound-ports';
import type { HarnessImages } from '../engine/image-builder';
import type { StartedHarnessContainer } from '../containers/harness-container';
import type { StartedBindContainer } from '../containers/bind-container';
import type { StartedClientMta } from '../mta/client-mta';
import { assembleTopology, StartedTopology, TopologyPlan, topologyMembers } from './topology';
import { RunNetwork } from './run-network';
import { sleep } from '../util/wait-until';

/**
 * Topologies a process left up for the next one (`--reuse`): one file per topology in a folder of
 * the machine's temporary directory, naming its shape. A run claims one by renaming its file
 * (only one process can), and gives it back when it is over.
 */
const FOLDER = join(tmpdir(), 'mail-relay-harness-kept');
/** A kept topology nobody used for this long is removed by the next run that looks. */
export const KEPT_IDLE_MS = 60 * 60 * 1000;

interface KeptRecord {
  runId: string;
  shape: string;
  keptAt: number;
  /** Claimed by a healer (see kept-healer.ts): the next run of the shape waits for it rather than start afresh. */
  healing?: boolean;
}

/** How long a run waits for a healer to give a topology of its shape back (a heal is a start or two). */
const HEAL_WAIT_MS = 30_000;

const recordFile = (runId: string) => join(FOLDER, `${runId}.json`);
const claimFile = (runId: string, pid: number) => join(FOLDER, `${runId}.json.${pid}`);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function records(): { file: string; record: KeptRecord; claimedBy?: number }[] {
  let files: string[];
  try {
    files = readdirSync(FOLDER);
  } catch {
    return [];
  }
  return files.flatMap((file) => {
    const match = /^(.+)\.json(?:\.(\d+))?$/.exec(file);
    if (!match) return [];
    try {
      return [{ file: join(FOLDER, file), record: JSON.parse(readFileSync(join(FOLDER, file), 'utf8')) as KeptRecord, claimedBy: match[2] ? Number(match[2]) : undefined }];
    } catch {
      return [];
    }
  });
}

/**
 * A topology this process starts for keeping: recorded at once, claimed by this process, so that
 * if the process is killed outright its topology is still found (and healed) by the next run.
 */
export function recordNew(runId: string, shape: string): void {
  mkdirSync(FOLDER, { recursive: true });
  writeFileSync(claimFile(runId, process.pid), JSON.stringify({ runId, shape, keptAt: Date.now() } satisfies KeptRecord));
}

/**
 * The run is over: its topology waits for the next process's run of the same shape, claimed first
 * by the healer `startHealer` starts (its pid), when one heals it in the background.
 */
export function keepForLater(runId: string, shape: string, startHealer: () => number | undefined = () => undefined): void {
  // Before the healer starts: whatever starts after this moment was started by the healer.
  const keptAt = Date.now();
  const healer = startHealer();
  if (healer === undefined) {
    recordNew(runId, shape);
    return renameSync(claimFile(runId, process.pid), recordFile(runId));
  }
  // The healer's claim is written before this process's goes, so that no run finds it free halfway.
  writeFileSync(claimFile(runId, healer), JSON.stringify({ runId, shape, keptAt, healing: true } satisfies KeptRecord));
  rmSync(claimFile(runId, process.pid), { force: true });
}

/** The healer is done: the topology is free for the next run of its shape. */
export function healed(runId: string): void {
  const mine = records().find(({ record, claimedBy }) => record.runId === runId && claimedBy === process.pid);
  if (!mine) return;
  const { healing: _healing, ...record } = mine.record;
  writeFileSync(mine.file, JSON.stringify(record satisfies KeptRecord));
  renameSync(mine.file, recordFile(runId));
}

/**
 * Claims a kept topology of this shape: a free one, or one whose claimer died (a run killed with
 * SIGKILL, or a healer, whose topology a reset will heal), waiting for one a live healer holds.
 * Undefined when there is none; else its run id and when it was kept (a member started since was
 * started by a healer, and may not serve yet).
 */
export async function claimKept(shape: string): Promise<{ runId: string; keptAt: number } | undefined> {
  const until = Date.now() + HEAL_WAIT_MS;
  for (;;) {
    let healing = false;
    for (const { file, record, claimedBy } of records()) {
      if (record.shape !== shape) continue;
      if (claimedBy !== undefined && isAlive(claimedBy)) {
        healing ||= record.healing === true;
        continue;
      }
      if (claim(file, record.runId)) return { runId: record.runId, keptAt: record.keptAt };
    }
    if (!healing || Date.now() > until) return undefined;
    await sleep(100);
  }
}

/** Renames a record to this process's claim; false when another process renamed it first. */
function claim(file: string, runId: string): boolean {
  try {
    renameSync(file, claimFile(runId, process.pid));
    return true;
  } catch {
    return false;
  }
}

/** The topology is gone (removed, or could not be reset): no process will find it again. */
export function forgetKept(runId: string): void {
  for (const { file, record } of records()) if (record.runId === runId) rmSync(file, { force: true });
}

/** Every record gone: `npm run clean` removed the containers. */
export function forgetAllKept(): void {
  rmSync(FOLDER, { recursive: true, force: true });
}

/** Free kept topologies idle for longer than KEPT_IDLE_MS, claimed for their removal. */
export function claimExpired(now = Date.now()): string[] {
  return records()
    .filter(({ record, claimedBy }) => claimedBy === undefined && now - record.keptAt > KEPT_IDLE_MS)
    .flatMap(({ file, record }) => (claim(file, record.runId) ? [record.runId] : []));
}

/**
 * A kept topology of an earlier process, taken over as this plan's members: each container of the
 * run found by its name and wrapped as its kind's started class. The caller resets it next.
 */
export async function adoptTopology(runId: string, plan: TopologyPlan, images: HarnessImages): Promise<StartedTopology> {
  const dockerode = await engineApi();
  const inspected = await dockerode.getNetwork(runId).inspect();
  const subnets: string[] = (inspected.IPAM?.Config ?? []).map((config: { Subnet?: string }) => config.Subnet ?? '');
  const subnet = subnets.find((s) => s.endsWith('.0/24')) ?? '';
  const subnet6 = subnets.find((s) => s.endsWith('::/64'));
  const network = new RunNetwork(inspected.Id, runId, subnet.replace(/\.0\/24$/, ''), subnet6?.replace(/::\/64$/, ''));
  const members = topologyMembers({ ...plan, runId }, images, network);
  const adopt = async (name: string, builder: { adopt(started: StartedGenericContainer): StartedHarnessContainer }) => {
    const containerName = plan.containerNames?.[name] ?? `${runId}-${name}`;
    const container = dockerode.getContainer(containerName);
    const inspect = await container.inspect();
    return builder.adopt(new StartedGenericContainer(container, 'localhost', inspect, new BoundPorts(), containerName, Wait.forListeningPorts(), false));
  };
  const servers = new Map(await Promise.all([...members.servers].map(async ([name, builder]) => [name, await adopt(name, builder)] as const)));
  return assembleTopology({ ...plan, runId }, network, members.layout, {
    dns: (await adopt('dns', members.dns)) as StartedBindContainer,
    resolver: members.resolver ? ((await adopt('resolver', members.resolver)) as StartedBindContainer) : undefined,
    client: (await adopt('client', members.client)) as unknown as StartedClientMta,
    servers,
  }, runId);
}
