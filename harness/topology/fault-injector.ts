import type { ContainerFault, FaultRecord } from '../model/fault-record';
import type { SmtpFault, SmtpFaultPlayer } from '../containers/smtp-fault-player';
import type { PortCloser } from '../containers/port-closer';
import type { ServerAbilities } from '../servers/server-kind';
import type { RunNetworkName } from './run-network';

export type { FaultRecord } from '../model/fault-record';

/** What a fault can do to any member (a started container, or a test's stand-in for one). */
export interface Faultable {
  kill(): Promise<void>;
  pause(): Promise<void>;
  unpause(): Promise<void>;
  leaveNetwork(network: RunNetworkName): Promise<void>;
  rejoinNetwork(network: RunNetworkName): Promise<void>;
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  restartServer(): Promise<void>;
}

/** The members faults reach: servers by name, the DNS (which also answers SERVFAIL), and their network. */
export interface FaultTopology {
  network: RunNetworkName;
  dns: Faultable & { failName(name: string): Promise<void>; restoreFailedNames(): Promise<void> };
  server(name: string): Faultable;
  /** What a server can do beyond any member, as its kind's registry entry says. */
  abilities(name: string): Partial<ServerAbilities>;
}

/**
 * Breaks servers the way real outages look, and heals them: each fault through the engine
 * (kill, pause, network) or the server's own means (a relay's own port closing and SMTP faults).
 */
export class FaultInjector {
  readonly history: FaultRecord[] = [];
  /** What heal() must undo, per server. */
  private readonly active = new Map<string, Set<FaultRecord['fault']>>();

  constructor(
    private readonly topology: FaultTopology,
    private readonly clock: () => number,
  ) {}

  private member(name: string): Faultable {
    return name === 'dns' ? this.topology.dns : this.topology.server(name);
  }

  // Validation refused these faults for a server whose kind cannot play them; reaching here is a bug.
  private portCloser(name: string): PortCloser {
    const closer = this.topology.abilities(name).closesPort;
    if (!closer) throw new Error(`${name} cannot close its SMTP port`);
    return closer;
  }

  private smtpPlayer(name: string): SmtpFaultPlayer {
    const player = this.topology.abilities(name).playsSmtpFaults;
    if (!player) throw new Error(`${name} cannot play SMTP faults`);
    return player;
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
    const member = this.member(name);
    switch (fault) {
      case 'kill':
        await member.kill();
        break;
      case 'pause':
        await member.pause();
        break;
      case 'disconnect':
        await member.leaveNetwork(this.topology.network);
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
    const member = this.member(name);
    if (faults.has('pause')) await member.unpause();
    if (faults.has('disconnect')) await member.rejoinNetwork(this.topology.network);
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
