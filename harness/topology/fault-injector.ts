import { getContainerRuntimeClient } from 'testcontainers';
import type { ContainerFault, SmtpStage } from '../scenario/steps';
import { StartedPostfixContainer } from '../containers/postfix-container';
import type { StartedHarnessContainer } from '../containers/harness-container';
import type { StartedTopology } from './topology';

/** A fault as it happened: what, on which server, and when (ms from the run's start). */
export interface FaultRecord {
  server: string;
  fault: ContainerFault | `smtp ${SmtpStage}` | 'stop';
  startMs: number;
  healedMs?: number;
}

/**
 * Breaks servers the way real outages look, and heals them: each fault through the engine
 * (kill, pause, network) or the server's own means (Postfix's master.cf and restrictions).
 */
export class FaultInjector {
  readonly history: FaultRecord[] = [];
  /** What heal() must undo, per server. */
  private readonly active = new Map<string, Set<FaultRecord['fault']>>();

  constructor(
    private readonly topology: StartedTopology,
    private readonly clock: () => number,
  ) {}

  private member(name: string): StartedHarnessContainer {
    return name === 'dns' ? this.topology.dns : this.topology.server(name);
  }

  private postfix(name: string): StartedPostfixContainer {
    const server = this.member(name);
    if (!(server instanceof StartedPostfixContainer)) throw new Error(`${name} is not a Postfix relay`);
    return server;
  }

  private begin(server: string, fault: FaultRecord['fault']): void {
    this.history.push({ server, fault, startMs: this.clock() });
    if (!this.active.has(server)) this.active.set(server, new Set());
    this.active.get(server)!.add(fault);
  }

  async stop(name: string): Promise<void> {
    this.begin(name, 'stop');
    await this.member(name).stopServer();
  }

  async start(name: string): Promise<void> {
    await this.member(name).startServer();
    this.ended(name, 'stop');
  }

  async fault(name: string, fault: ContainerFault): Promise<void> {
    const { dockerode } = (await getContainerRuntimeClient()).container;
    const member = this.member(name);
    const container = dockerode.getContainer(member.getId());
    this.begin(name, fault);
    switch (fault) {
      case 'kill':
        return container.kill({ signal: 'SIGKILL' });
      case 'pause':
        return container.pause();
      case 'disconnect':
        return dockerode.getNetwork(this.topology.network.name).disconnect({ Container: member.getId(), Force: true });
      case 'refuse':
        return this.postfix(name).closeSmtpPort();
      case 'restart':
        await member.restartServer();
        this.ended(name, 'restart');
        return;
    }
  }

  async smtpFault(name: string, stage: SmtpStage, reply: string): Promise<void> {
    this.begin(name, `smtp ${stage}`);
    await this.postfix(name).answerAt(stage, reply);
  }

  /** Undoes every fault the harness put on this server, in the order that brings it back. */
  async heal(name: string): Promise<void> {
    const faults = this.active.get(name) ?? new Set();
    const { dockerode } = (await getContainerRuntimeClient()).container;
    const member = this.member(name);
    if (faults.has('pause')) await dockerode.getContainer(member.getId()).unpause();
    if (faults.has('disconnect')) {
      await dockerode.getNetwork(this.topology.network.name).connect({
        Container: member.getId(),
        EndpointConfig: { IPAMConfig: { IPv4Address: member.address } },
      });
    }
    if (faults.has('kill') || faults.has('stop')) await member.startServer();
    if (faults.has('refuse')) await this.postfix(name).openSmtpPort();
    if ([...faults].some((fault) => fault.startsWith('smtp '))) await this.postfix(name).clearSmtpFaults();
    for (const fault of faults) this.ended(name, fault);
  }

  private ended(server: string, fault: FaultRecord['fault']): void {
    this.active.get(server)?.delete(fault);
    const record = [...this.history].reverse().find((r) => r.server === server && r.fault === fault && r.healedMs === undefined);
    if (record) record.healedMs = this.clock();
  }
}
