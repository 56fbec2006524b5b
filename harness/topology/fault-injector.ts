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

/** Faults that leave no process to change a server's settings in. */
const DOWN: readonly FaultRecord['fault'][] = ['pause', 'kill', 'stop'];

/**
 * Breaks servers the way real outages look, and heals them: each fault through the engine
 * (kill, pause, network) or the server's own means (a relay's own port closing and SMTP faults).
 */
export class FaultInjector {
  readonly history: FaultRecord[] = [];
  /** What heal() must undo, per server. */
  private readonly active = new Map<string, Set<FaultRecord['fault']>>();
  /** The last change begun on each server: the next waits for it (an undo and a kill on one server never overlap). */
  private readonly lastChange = new Map<string, Promise<unknown>>();
  /** Undos of a change inside a server (its port, its SMTP faults) asked while it was down: made once it is back. */
  private readonly pendingInside = new Map<string, Set<FaultRecord['fault']>>();

  constructor(
    private readonly topology: FaultTopology,
    private readonly clock: () => number,
  ) {}

  private member(name: string): Faultable {
    return name === 'dns' ? this.topology.dns : this.topology.server(name);
  }

  /**
   * Runs a change to one server after the changes asked of it before: a fault's undo that runs late
   * (a reload on a busy machine) must not meet a kill of the same container halfway.
   */
  private inTurn<T>(name: string, change: () => Promise<T>): Promise<T> {
    const turn = (this.lastChange.get(name) ?? Promise.resolve()).then(change, change);
    this.lastChange.set(name, turn.catch(() => undefined));
    return turn;
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

  private begin(server: string, fault: FaultRecord['fault'], details: Pick<FaultRecord, 'name' | 'costs'> = {}): FaultRecord['fault'] {
    this.history.push({ server, fault, startMs: this.clock(), ...details });
    if (!this.active.has(server)) this.active.set(server, new Set());
    this.active.get(server)!.add(fault);
    return fault;
  }

  // Each fault is recorded once it is in effect: time-to-failover counts from there.
  stop(name: string): Promise<void> {
    return this.inTurn(name, async () => {
      await this.member(name).stopServer();
      this.begin(name, 'stop');
    });
  }

  start(name: string): Promise<void> {
    return this.inTurn(name, async () => {
      await this.member(name).startServer();
      this.ended(name, 'stop');
    }).then(() => (this.pendingInside.has(name) ? this.heal(name, []) : undefined));
  }

  /** Plays a fault on a member; says which, for a heal of that fault alone (none for a restart, over when it returns). */
  fault(name: string, fault: ContainerFault): Promise<FaultRecord['fault'] | undefined> {
    return this.inTurn(name, async () => {
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
          return undefined;
      }
      return this.begin(name, fault);
    });
  }

  smtpFault(name: string, fault: SmtpFault): Promise<FaultRecord['fault']> {
    return this.inTurn(name, async () => {
      await this.smtpPlayer(name).playSmtpFault(fault);
      return this.begin(name, `smtp ${fault.stage}`, fault.delayMs ? { costs: fault.stage } : {});
    });
  }

  /** The DNS answers SERVFAIL for `name` until healed. */
  servfail(name: string): Promise<FaultRecord['fault']> {
    return this.inTurn('dns', async () => {
      await this.topology.dns.failName(name);
      return this.begin('dns', 'servfail', { name });
    });
  }

  /**
   * Undoes faults the harness put on this server, in the order that brings it back: those named
   * (a timed fault's own heal), or every one. A change made inside the server (its port, its SMTP
   * faults) waits while the server is down, and is undone once it is back.
   */
  heal(name: string, only?: Iterable<FaultRecord['fault']>): Promise<void> {
    return this.inTurn(name, async () => {
      const active = this.active.get(name) ?? new Set();
      const asked = new Set(only ?? active);
      const healing = (fault: FaultRecord['fault']) => active.has(fault) && asked.has(fault);
      const member = this.member(name);
      if (healing('pause')) await member.unpause();
      if (healing('disconnect')) await member.rejoinNetwork(this.topology.network);
      if (healing('kill') || healing('stop')) await member.startServer();
      this.pendingInside.get(name)?.forEach((fault) => asked.add(fault));
      const down = DOWN.some((fault) => active.has(fault) && !asked.has(fault));
      const inside = [...active].filter((fault) => asked.has(fault) && (fault === 'refuse' || fault.startsWith('smtp ')));
      if (down && inside.length > 0) {
        this.pendingInside.set(name, new Set(inside));
        for (const fault of inside) asked.delete(fault);
      } else {
        this.pendingInside.delete(name);
        if (inside.includes('refuse')) await this.portCloser(name).openSmtpPort();
        // One undo puts back every SMTP fault the server plays.
        if (inside.some((fault) => fault.startsWith('smtp '))) {
          await this.smtpPlayer(name).clearSmtpFaults();
          for (const fault of active) if (fault.startsWith('smtp ')) asked.add(fault);
        }
      }
      if (healing('servfail')) await this.topology.dns.restoreFailedNames();
      for (const fault of [...active]) if (asked.has(fault)) this.ended(name, fault);
    });
  }

  private ended(server: string, fault: FaultRecord['fault']): void {
    this.active.get(server)?.delete(fault);
    const record = [...this.history].reverse().find((r) => r.server === server && r.fault === fault && r.healedMs === undefined);
    if (record) record.healedMs = this.clock();
  }
}
