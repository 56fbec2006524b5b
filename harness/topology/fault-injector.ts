import { getContainerRuntimeClient } from 'testcontainers';
import type { ContainerFault, FaultRecord } from '../model/fault-record';
import { playsSmtpFaults, SmtpFault, SmtpFaultPlayer } from '../containers/smtp-fault-player';
import { closesPort, PortCloser } from '../containers/port-closer';
import type { StartedHarnessContainer } from '../containers/harness-container';
import type { StartedTopology } from './topology';

export type { FaultRecord } from '../model/fault-record';

/**
 * Breaks servers the way real outages look, and heals them: each fault through the engine
 * (kill, pause, network) or the server's own means (a relay's own port closing and SMTP faults).
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

  private portCloser(name: string): PortCloser {
    const server = this.member(name);
    if (!closesPort(server)) throw new Error(`${name} cannot close its SMTP port`);
    return server;
  }

  private smtpPlayer(name: string): SmtpFaultPlayer {
    const server = this.member(name);
    if (!playsSmtpFaults(server)) throw new Error(`${name} cannot play SMTP faults`);
    return server;
  }

  private begin(server: string, fault: FaultRecord['fault'], details: Pick<FaultRecord, 'name' | 'costs'> = {}): void {
    this.history.push({ server, fault, startMs: this.clock(), ...details });
    if (!this.active.has(server)) this.active.set(server, new Set());
    this.active.get(server)!.add(fault);
  }

  // Each fault is recorded once it is in effect: time-to-failover counts from there.
  async stop(name: string): Promise<void> {
    await this.member(name).stopServer();
    this.begin(name, 'stop');
  }

  async start(name: string): Promise<void> {
    await this.member(name).startServer();
    this.ended(name, 'stop');
  }

  async fault(name: string, fault: ContainerFault): Promise<void> {
    const { dockerode } = (await getContainerRuntimeClient()).container;
    const member = this.member(name);
    const container = dockerode.getContainer(member.getId());
    switch (fault) {
      case 'kill':
        await container.kill({ signal: 'SIGKILL' });
        break;
      case 'pause':
        await container.pause();
        break;
      case 'disconnect':
        await dockerode.getNetwork(this.topology.network.name).disconnect({ Container: member.getId(), Force: true });
        break;
      case 'refuse':
        await this.portCloser(name).closeSmtpPort();
        break;
      case 'restart':
        this.begin(name, fault);
        await member.restartServer();
        this.ended(name, fault);
        return;
    }
    this.begin(name, fault);
  }

  async smtpFault(name: string, fault: SmtpFault): Promise<void> {
    await this.smtpPlayer(name).playSmtpFault(fault);
    this.begin(name, `smtp ${fault.stage}`, fault.delayMs ? { costs: fault.stage } : {});
  }

  /** The DNS answers SERVFAIL for `name` until healed. */
  async servfail(name: string): Promise<void> {
    await this.topology.dns.failName(name);
    this.begin('dns', 'servfail', { name });
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
    if (faults.has('refuse')) await this.portCloser(name).openSmtpPort();
    if ([...faults].some((fault) => fault.startsWith('smtp '))) await this.smtpPlayer(name).clearSmtpFaults();
    if (faults.has('servfail')) await this.topology.dns.restoreFailedNames();
    for (const fault of faults) this.ended(name, fault);
  }

  private ended(server: string, fault: FaultRecord['fault']): void {
    this.active.get(server)?.delete(fault);
    const record = [...this.history].reverse().find((r) => r.server === server && r.fault === fault && r.healedMs === undefined);
    if (record) record.healedMs = this.clock();
  }
}
