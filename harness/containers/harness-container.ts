import { GenericContainer, AbstractStartedContainer, StartedTestContainer } from 'testcontainers';
import { engineApi, engineClient } from '../engine/engine-api';
import type { RunNetwork, RunNetworkName } from '../topology/run-network';
import { address6Of } from '../topology/address-plan';
import { waitUntil, WaitAborted } from '../util/wait-until';
import { endpointTurn, inEndpointTurn } from '../engine/endpoint-turns';
import { PODMAN_ULIMITS, selectedEngine } from '../engine/engine-choice';
import { ReadyLineWait, listeningCheck } from './ready-line-wait';
import type { FreshState } from './resettable';

/** A container did not become ready; what it printed while starting, since the engine no longer has it. */
export class ContainerStartError extends Error {
  override name = 'ContainerStartError';
  constructor(
    readonly reason: unknown,
    readonly printed: string[],
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

/**
 * What every scenario container shares: a fixed address on the run's network, the scenario's
 * BIND as its only resolver, and the run's labels. testcontainers has no option for a fixed
 * address or a resolver, hence the create options set here.
 */
export abstract class HarnessContainer extends GenericContainer {
  protected address?: string;

  constructor(image: string) {
    super(image);
    if (selectedEngine() === 'podman') this.withUlimits(PODMAN_ULIMITS);
  }

  private readyLine?: ReadyLineWait;

  /**
   * Ready once the log shows this line (and, when given, the port listens); the lines before it are
   * kept for a failed start.
   */
  public withReadyLine(line: RegExp, options: { startupTimeoutMs?: number; listeningPort?: number } = {}): this {
    const { startupTimeoutMs = 30_000, listeningPort } = options;
    this.readyLine = new ReadyLineWait(line, listeningPort);
    return this.withWaitStrategy(this.readyLine).withStartupTimeout(startupTimeoutMs);
  }

  /**
   * Starts the container; when it never becomes ready, says what it printed: testcontainers removes
   * such a container, and its log with it.
   */
  public override async start(): Promise<StartedTestContainer> {
    this.configureOnce();
    try {
      return await super.start();
    } catch (error) {
      throw new ContainerStartError(error, this.readyLine?.printed ?? []);
    } finally {
      this.giveEndpointTurnBack?.();
      this.endpointAdded?.();
    }
  }

  private giveEndpointTurnBack?: () => void;
  private endpointAfter?: Promise<void>;
  private endpointAdded?: () => void;
  private readonly endpointAddedOrFailed = new Promise<void>((resolve) => (this.endpointAdded = resolve));

  /**
   * Gives this container its endpoint only once `first` resolves (another member's
   * `whenEndpointAdded`): a site's DNS is on the network before its MTAs start asking it.
   */
  public withEndpointAfter(first: Promise<void>): this {
    this.endpointAfter = first;
    return this;
  }

  /** Resolves once this container's start gave it its endpoint, or its start failed. */
  public whenEndpointAdded(): Promise<void> {
    return this.endpointAddedOrFailed;
  }

  // The engine's start call alone takes the network's endpoint turn (engine/endpoint-turns.ts):
  // testcontainers calls these right before it and right after; files are copied and readiness
  // awaited in parallel.
  protected override async containerCreated(): Promise<void> {
    await this.endpointAfter;
    if (this.networkMode) this.giveEndpointTurnBack = await endpointTurn(this.networkMode);
  }

  protected override async containerStarting(): Promise<void> {
    this.giveEndpointTurnBack?.();
    this.endpointAdded?.();
  }

  /** This kind's started class around a started container: a fresh start's, or a kept one's. */
  protected abstract wrap(started: StartedTestContainer): StartedHarnessContainer;

  /** A container this builder's configuration started earlier (a kept topology's), taken over as it is. */
  public adopt(started: StartedTestContainer): StartedHarnessContainer {
    this.configureOnce();
    return this.wrap(started);
  }

  private configured = false;

  /** Where a kind turns its builder settings into files and environment, once, before start. */
  protected configure(): void {}

  private configureOnce(): void {
    if (!this.configured) this.configure();
    this.configured = true;
  }

  /** The files and environment a start would give the container: what a reset gives a running one. */
  public freshState(): FreshState {
    this.configureOnce();
    return {
      files: this.contentsToCopy.map(({ content, target, mode }) => ({ content: String(content), target, mode })),
      environment: { ...this.environment },
    };
  }

  public withFixedAddress(network: RunNetwork, address: string, address6?: string): this {
    this.address = address;
    this.withNetworkMode(network.name);
    this.createOpts.NetworkingConfig = {
      EndpointsConfig: { [network.name]: { IPAMConfig: { IPv4Address: address, ...(address6 ? { IPv6Address: address6 } : {}) } } },
    };
    return this;
  }

  /** Linux sysctls of the container's own network namespace (net.*), written once its interface is in. */
  public withNetworkSysctls(sysctls: Record<string, string>): this {
    this.hostConfig.Sysctls = { ...this.hostConfig.Sysctls, ...sysctls };
    return this;
  }

  /** An executable file placed in the container before it starts (e.g. the article's ./senddummy.sh). */
  public withScript(target: string, content: string): this {
    return this.withCopyContentToContainer([{ content, target, mode: 0o755 }]);
  }

  /** Entrypoint writes this address as the only nameserver in /etc/resolv.conf. */
  public withResolver(address: string): this {
    return this.withEnvironment({ RESOLVER: address });
  }
}

/** A started scenario container: its address, and stopping and starting it as a step of the story. */
export abstract class StartedHarnessContainer extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    readonly address: string,
  ) {
    super(started);
  }

  /** Whether the container is running now, as the engine sees it (e.g. after a reader's `podman stop`). */
  public async isRunning(): Promise<boolean> {
    return (await this.state()).Running === true;
  }

  private async state() {
    const client = await engineClient();
    return (await client.container.inspect(client.container.getById(this.getId()))).State;
  }

  /** Whether the service inside answers; used after a restart. */
  protected abstract isServing(): Promise<boolean>;

  /**
   * Gives the member the state of a fresh start while it runs, for the next run on a reused
   * topology: its files rewritten, its queue or store emptied, its log read only from the reset on.
   * Every member has one: a pool reuses whole topologies.
   */
  public abstract resetTo(state: FreshState): Promise<void>;

  /** Takes the host off the network as the article's `podman stop` does. The container is kept for its logs. */
  // Faults the engine plays on any member: each one engine call.
  public async kill(): Promise<void> {
    await this.engineContainer().then((container) => container.kill({ signal: 'SIGKILL' }));
  }

  public async pause(): Promise<void> {
    await this.engineContainer().then((container) => container.pause());
  }

  public async unpause(): Promise<void> {
    await this.engineContainer().then((container) => container.unpause());
  }

  /** Off the run's network (a partition); `rejoinNetwork` puts it back on its own address. */
  public async leaveNetwork(network: RunNetworkName): Promise<void> {
    const dockerode = await engineApi();
    await dockerode.getNetwork(network.name).disconnect({ Container: this.getId(), Force: true });
  }

  /** Back on its own addresses: the IPv4 one, and on a dual-stack run the IPv6 one of the same host number. */
  public async rejoinNetwork(network: RunNetworkName): Promise<void> {
    const dockerode = await engineApi();
    const address6 = network.prefix6 ? address6Of(network.prefix6, this.address.split('.').pop()!) : undefined;
    const IPAMConfig = { IPv4Address: this.address, ...(address6 ? { IPv6Address: address6 } : {}) };
    await inEndpointTurn(network.name, () => dockerode.getNetwork(network.name).connect({ Container: this.getId(), EndpointConfig: { IPAMConfig } }));
  }

  /** An engine call that gives the container an endpoint on its run's network, in that network's turn. */
  private inEndpointTurn<T>(add: () => Promise<T>): Promise<T> {
    return inEndpointTurn(this.getNetworkNames()[0], add);
  }

  private async engineContainer() {
    return (await engineApi()).getContainer(this.getId());
  }

  public async stopServer(graceSeconds = 2): Promise<void> {
    const client = await engineClient();
    await alreadySoIsDone(client.container.stop(client.container.getById(this.getId()), { timeout: graceSeconds }));
  }

  /** Exits right after a start that a second start got over, each said once (a finding of the run). */
  readonly exitsAfterStart: string[] = [];

  public async startServer(timeoutMs = 30_000): Promise<void> {
    const client = await engineClient();
    await this.inEndpointTurn(() => alreadySoIsDone(client.container.start(client.container.getById(this.getId()))));
    await this.servingOrStartedOnceMore('start', timeoutMs);
  }

  /** Stopped and started again by the engine (`docker restart`), back once it serves. */
  public async restartServer(timeoutMs = 30_000): Promise<void> {
    const client = await engineClient();
    await this.inEndpointTurn(() => client.container.restart(client.container.getById(this.getId()), { timeout: 2 }));
    await this.servingOrStartedOnceMore('restart', timeoutMs);
  }

  /**
   * Seen in full suites (issue 18), after a start and after a restart (chaos-mx-trio in CI): a relay
   * that exits at once, code 1. It is started once more, and the run says so with what it printed;
   * a second exit is the run's error.
   */
  private async servingOrStartedOnceMore(after: string, timeoutMs: number): Promise<void> {
    try {
      await this.untilServing(after, timeoutMs);
    } catch (error) {
      if (!(error instanceof WaitAborted)) throw error;
      const printed = (await this.logText().catch(() => '')).trim().split('\n').slice(-3).join(' | ');
      this.exitsAfterStart.push(`${this.getName()} exited right after a ${after} (${error.message}); started once more. Its last lines: ${printed || '(none)'}`);
      const client = await engineClient();
      await this.inEndpointTurn(() => alreadySoIsDone(client.container.start(client.container.getById(this.getId()))));
      await this.untilServing(`a second start after a ${after}`, timeoutMs);
    }
  }

  protected async untilServing(after: string, timeoutMs: number): Promise<true> {
    try {
      return await waitUntil(async () => ((await this.isServing()) ? true : undefined), {
        what: `${this.getName()} to serve again after ${after}`,
        timeoutMs,
        intervalMs: 100,
        // A container that exited will not serve: no use waiting out the whole bound.
        abortIf: async () => {
          const state = await this.state().catch(() => undefined);
          return state && !state.Running && !state.Restarting ? `it exited (code ${state.ExitCode})` : undefined;
        },
      });
    } catch (error) {
      if (error instanceof WaitAborted) throw new WaitAborted(`${error.message}; the engine says: ${await this.engineState()}`);
      // A container that exited again says how, for the next time this is seen.
      throw new Error(`${(error as Error).message}; the engine says: ${await this.engineState()}`);
    }
  }

  /** The engine's word on the container: status, exit code, its own error. */
  private async engineState(): Promise<string> {
    const state = await this.state().catch(() => undefined);
    if (!state) return 'no such container';
    const { Status, ExitCode, Error: engineError, OOMKilled } = state;
    return `${Status}, exit code ${ExitCode}${OOMKilled ? ', killed for memory' : ''}${engineError ? `, ${engineError}` : ''}`;
  }

  /** The engine's time from which the log is read: set by a reset, so a run reads only its own lines. */
  private logsSince?: string;

  /**
   * Left stopped for the next run, which stops it first anyway: only its log begins anew. The rest
   * of its fresh state comes with the reset that next starts it.
   */
  public keepStopped(): void {
    this.readLogFromNow();
  }

  /** From now on, logText() starts here (seconds with nanoseconds, as the engine's API takes it). */
  protected readLogFromNow(): void {
    const now = Date.now();
    this.logsSince = `${Math.floor(now / 1000)}.${String(now % 1000).padStart(3, '0')}000000`;
  }

  /**
   * Everything the container printed, stdout and stderr, across restarts (since its last reset);
   * with the engine's time of each line when asked (for a log that has none of its own).
   */
  public async logText(timestamps = false): Promise<string> {
    const client = await engineClient();
    const container = client.container.getById(this.getId());
    const since = this.logsSince ? { since: this.logsSince as unknown as number } : {};
    const buffer = (await container.logs({ stdout: true, stderr: true, follow: false, timestamps, ...since })) as unknown as Buffer;
    return demultiplex(buffer);
  }

  /**
   * Writes files into the running container and runs a command after, in one exec: an archive
   * copy per file costs the engine about half a second each when several members reset at once.
   */
  protected async writeFilesThen(files: FreshState['files'], command: string[]): Promise<string> {
    const write = 'while [ $# -gt 2 ] && [ "$1" != -- ]; do printf "%s" "$2" > "$1"; chmod "$3" "$1"; shift 3; done; shift; exec "$@"';
    const args = files.flatMap((file) => [file.target, file.content, (file.mode ?? 0o644).toString(8)]);
    return this.execOrThrow(['sh', '-c', write, 'write', ...args, '--', ...command]);
  }

  /**
   * A reset in place by the client's start script (harness-supervise.sh): the files written, the
   * daemon stopped on SIGHUP and what it keeps emptied (/run/harness-reset says so, 5 s at most),
   * then back once its start line is in the log just begun and it listens.
   */
  protected async resetUnderSupervisor(state: FreshState, started: () => Promise<boolean>, port = 25): Promise<void> {
    await this.writeFilesThen(state.files, ['sh', '-c', 'rm -f /run/harness-reset; kill -HUP 1; for i in $(seq 100); do [ -f /run/harness-reset ] && exit 0; sleep 0.05; done; exit 1']);
    await waitUntil(async () => ((await started()) ? true : undefined), { what: `${this.getName()} to start again after its reset`, timeoutMs: 10_000, intervalMs: 50 });
    await this.untilListening(port);
    this.readLogFromNow();
  }

  /** Waits until a TCP port listens inside the container (after a reload that reopens it). */
  protected async untilListening(port: number, timeoutMs = 10_000): Promise<void> {
    await waitUntil(async () => ((await this.exec(listeningCheck(port))).exitCode === 0 ? true : undefined), {
      what: `${this.getName()} to listen on port ${port}`,
      timeoutMs,
      intervalMs: 100,
    });
  }

  /**
   * Empties the kernel's neighbour cache of this container's network namespace (the container needs
   * NET_ADMIN). A reset needs it: a relay the last run talked to stays cached, so a connect to it
   * once killed goes out to its old address and waits, where a fresh start's first ARP fails at once
   * (measured: OpenSMTPD on fault-mx-pair-killed passed fresh and held all 20 queued when reused).
   */
  public async forgetNeighbours(): Promise<void> {
    const { exitCode, output } = await this.exec(['sh', '-c', 'ip neigh flush all && ip -6 neigh flush all']);
    if (exitCode !== 0) throw new Error(`${this.getName()}: could not empty its neighbour cache: ${output.trim()}`);
  }

  /** Runs a command and returns its output; throws with the exit code and output when it fails. */
  public async execOrThrow(command: string[]): Promise<string> {
    const result = await this.exec(command);
    if (result.exitCode !== 0) {
      throw new Error(`${this.getName()}: ${command.join(' ')} exited ${result.exitCode}: ${result.output.trim()}`);
    }
    return result.stdout;
  }
}

/**
 * Docker frames each log chunk with an 8-byte header (stream, 0, 0, 0, size) when no TTY is
 * attached (Engine API, "Attach to a container"). dockerode's demuxStream recurses per frame and
 * overflows the stack on a log of thousands of lines, hence this loop.
 */
export function demultiplex(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

/**
 * The engine answers 304 to a start of a running container or a stop of a stopped one; the state
 * asked for is there. Seen in CI under load: a start right after an exit the engine had already
 * restarted from ("container already started"), which failed the run without any fault of the client.
 */
async function alreadySoIsDone(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 304) throw error;
  }
}
