/**
 * The client MTA's own clock: `speed` times faster than real time from `originMs` (libfaketime's
 * shared start, as a real epoch time). A scenario is written at this clock; the harness plays it at
 * real time. Durations convert by the speed alone; instants by the origin too.
 */
export class ClientClock {
  constructor(
    readonly speed: number,
    /** The real epoch ms at which the client's clock and real time agreed. */
    readonly originMs: number = 0,
    /** Real time a delivery of the client takes beyond its timeouts (processes, lookups, a relay's reply), which this clock counts speed times. */
    readonly latencyMs: number = 500,
  ) {
    if (!(speed >= 1)) throw new Error(`a client clock runs at 1× or faster, not ${speed}×`);
  }

  static readonly REAL = new ClientClock(1);

  get scaled(): boolean {
    return this.speed !== 1;
  }

  /** A duration at the client's clock, played in real time. */
  realMs(clientMs: number): number {
    return clientMs / this.speed;
  }

  /** A real duration, as the client's clock counted it. */
  clientMs(realMs: number): number {
    return realMs * this.speed;
  }

  /** An instant the client logged (its clock, epoch ms) as real epoch ms. */
  realTimeOf(clientEpochMs: number): number {
    return this.originMs + (clientEpochMs - this.originMs) / this.speed;
  }

  /** A real instant as the client's clock showed it. */
  clientTimeOf(realEpochMs: number): number {
    return this.originMs + (realEpochMs - this.originMs) * this.speed;
  }

  /** The same clock from another origin (the client container's actual start). */
  from(originMs: number): ClientClock {
    return new ClientClock(this.speed, originMs, this.latencyMs);
  }

  /**
   * How far a figure at the client's clock may be off: a log stamp's whole second, plus the real
   * latency of a delivery (the client's processes and lookups, a relay's reply), counted speed times.
   */
  precisionMs(): number {
    return 1000 + (this.scaled ? this.clientMs(this.latencyMs) : 0);
  }

  /** "300.4 s at the client's clock (5.0 s here, 60×)", or "5.02 s" at real speed. */
  describe(realMs: number, digits = 2): string {
    if (!this.scaled) return `${(realMs / 1000).toFixed(digits)} s`;
    return `${(this.clientMs(realMs) / 1000).toFixed(1)} s at the client's clock (${(realMs / 1000).toFixed(digits)} s here, ${this.speed}×)`;
  }
}

/**
 * Whose timing the client runs with: the harness's test timing (fast, the default), the MTA's as
 * Debian ships it (no timing setting of the harness's or the scenario's), or the site's own file
 * as written (the scenario's settings, none of the harness's timing).
 */
export const CLIENT_TIMINGS = ['test', 'shipped', 'own'] as const;
export type ClientTiming = (typeof CLIENT_TIMINGS)[number];

/** The speed a run at shipped or own timing gets unless told: Postfix's 300 s greeting timeout in 5 s. */
export const DEFAULT_SCALED_SPEED = 60;

/** The speed a run plays at: as asked, else real time at test timing and DEFAULT_SCALED_SPEED (within the client's limit) otherwise. */
export function speedFor(timing: ClientTiming, asked?: number, clientLimit = Infinity): number {
  return asked ?? (timing === 'test' ? 1 : Math.min(DEFAULT_SCALED_SPEED, clientLimit));
}

/**
 * The kernel's neighbour (ARP, NDP) timers of the client's network namespace at N×: a relay that is
 * gone from its LAN is given up by the kernel after three probes a second apart (EHOSTUNREACH),
 * sooner than most connect timeouts, in production. The clock does not reach the kernel, so these
 * are scaled by hand, else that give-up would cost N times as long at the client's clock (measured:
 * Exim's killed relay 228 s at 60× instead of about 3 s). The interface is the run network's only one.
 */
export function neighbourTimersAt(speed: number, ipv6: boolean): Record<string, string> {
  if (speed === 1) return {};
  const timers = (family: string) => ({
    [`net.${family}.neigh.eth0.retrans_time_ms`]: String(Math.max(1, Math.round(1000 / speed))),
    [`net.${family}.neigh.eth0.base_reachable_time_ms`]: String(Math.max(1, Math.round(30_000 / speed))),
    // Whole seconds only: 5 s at N× rounds to what N allows, 0 (probe at once) above 10×.
    [`net.${family}.neigh.eth0.delay_first_probe_time`]: String(Math.round(5 / speed)),
  });
  return { ...timers('ipv4'), ...(ipv6 ? timers('ipv6') : {}) };
}
