import { StartedTestContainer } from 'testcontainers';
import { HarnessContainer, StartedHarnessContainer } from './harness-container';
import type { FreshState } from './resettable';
import { waitUntil } from '../util/wait-until';

export interface ZoneFile {
  origin: string;
  text: string;
}

const ZONES_DIR = '/var/lib/bind/zones';
const ZONES_CONF = '/etc/bind/harness-zones.conf';
const zonePath = (origin: string) => `${ZONES_DIR}/${origin}.db`;

/** BIND 9, authoritative only, serving the scenario's zones as written (dynamic updates allowed). */
export class BindContainer extends HarnessContainer {
  private zones: ZoneFile[] = [];
  private forwarder?: string;

  constructor(image: string) {
    super(image);
    this.withReadyLine(/running/);
  }

  public withZone(origin: string, text: string): this {
    this.zones.push({ origin, text });
    return this;
  }

  /**
   * A caching resolver instead of an authoritative server: it asks `authoritative` for every name
   * (forward only, so it never queries past the run's own containers) and keeps the answers for
   * their TTL, as a site's resolver does.
   */
  public asCachingResolverFor(authoritative: string): this {
    this.forwarder = authoritative;
    return this;
  }

  protected override configure(): void {
    if (this.forwarder) {
      this.withCopyContentToContainer([{ content: cachingResolverConf(this.forwarder), target: '/etc/bind/named.conf' }]);
      return;
    }
    const declarations = this.zones
      .map((zone) => `zone "${zone.origin}" { type primary; file "${zonePath(zone.origin)}"; allow-update { any; }; };`)
      .join('\n');
    this.withCopyContentToContainer([
      { content: declarations + '\n', target: ZONES_CONF },
      ...this.zones.map((zone) => ({ content: zone.text, target: zonePath(zone.origin), mode: 0o666 })),
    ]);
  }

  protected wrap(started: StartedTestContainer): StartedBindContainer {
    return new StartedBindContainer(started, this.address ?? '');
  }

  public override async start(): Promise<StartedBindContainer> {
    return this.wrap(await super.start());
  }
}

function cachingResolverConf(forwarder: string): string {
  return `options {
    directory "/var/cache/bind";
    listen-on { any; };
    listen-on-v6 { none; };
    recursion yes;
    allow-recursion { any; };
    allow-query { any; };
    allow-query-cache { any; };
    forwarders { ${forwarder}; };
    forward only;
    dnssec-validation no;
    notify no;
};
controls { inet 127.0.0.1 allow { localhost; } keys { "rndc-key"; }; };
include "/etc/bind/rndc.key";
`;
}

export class StartedBindContainer extends StartedHarnessContainer {
  constructor(started: StartedTestContainer, address: string) {
    super(started, address);
  }

  /**
   * The next run's zones, as if BIND had just loaded them: SERVFAIL zones deleted, each zone frozen
   * (dynamic updates written out), its file replaced and its journal removed, then thawed, which
   * loads the file. A caching resolver forgets every answer. The zones declared are the shape's.
   */
  public async resetTo(state: FreshState): Promise<void> {
    await this.restoreFailedNames();
    const zones = state.files.filter((file) => file.target.startsWith(`${ZONES_DIR}/`));
    if (zones.length === 0) {
      await this.execOrThrow(['rndc', 'flush']);
      this.readLogFromNow();
      return;
    }
    this.readLogFromNow();
    const origins = zones.map((zone) => zone.target.slice(ZONES_DIR.length + 1).replace(/\.db$/, ''));
    for (const [i, zone] of zones.entries()) {
      // BIND loads a zone file only when it is newer than the last load: each reset's is later still.
      this.zoneStamp = Math.max(Math.ceil(Date.now() / 1000) + 2, this.zoneStamp + 2);
      // Frozen before the file is replaced, so that BIND does not write its journal over it.
      await this.execOrThrow(['rndc', 'freeze', origins[i]]);
      await this.writeFilesThen([zone], ['sh', '-c', 'rm -f "$1.jnl" && touch -d "@$2" "$1" && rndc thaw "$3"', 'reset', zone.target, String(this.zoneStamp), origins[i]]);
    }
    // thaw loads in the background: done when BIND says so.
    await waitUntil(async () => {
      const log = await this.logText();
      return origins.every((origin) => log.includes(`zone ${origin}/IN: loaded serial`)) ? true : undefined;
    }, { what: `${this.getName()} to load the reset zones ${origins.join(', ')}`, timeoutMs: 10_000, intervalMs: 50 });
    this.readLogFromNow();
  }

  /** The modification time given to the last zone file a reset wrote (seconds). */
  private zoneStamp = 0;

  protected async isServing(): Promise<boolean> {
    return (await this.exec(['rndc', 'status'])).exitCode === 0;
  }

  /** Asks the scenario's BIND, as the relays and client would. */
  public async dig(name: string, type: string): Promise<string[]> {
    const output = await this.execOrThrow(['dig', '+short', '@127.0.0.1', name, type]);
    return output.split('\n').filter(Boolean);
  }

  /** Applies nsupdate commands (RFC 2136 dynamic update) to the running server, as an admin would. */
  public async update(commands: string): Promise<void> {
    const script = `server 127.0.0.1\n${commands.trim()}\nsend\n`;
    await this.execOrThrow(['sh', '-c', 'printf "%s" "$1" | nsupdate', 'nsupdate', script]);
  }

  private readonly failedNames = new Set<string>();

  /**
   * SERVFAIL for `name` and below, as when a zone fails to load: a secondary zone for the name is
   * added whose primary (a closed port on this container's loopback) never answers, so the zone
   * never loads and BIND answers SERVFAIL for it instead of the records of the zone above.
   */
  public async failName(name: string): Promise<void> {
    const zone = name.toLowerCase().replace(/\.$/, '');
    await this.execOrThrow(['rndc', 'addzone', zone, `{ type secondary; primaries { 127.0.0.1 port ${NEVER_ANSWERS_PORT}; }; };`]);
    this.failedNames.add(zone);
    // The fault counts from when it is in effect: BIND says SERVFAIL for the name.
    const status = /status: (\w+)/.exec(await this.execOrThrow(['dig', '@127.0.0.1', zone, 'A']))?.[1];
    if (status !== 'SERVFAIL') throw new Error(`BIND answered ${status ?? 'nothing'} for ${zone} after the SERVFAIL zone was added`);
  }

  /** Takes back every failName(): the zone above answers for those names again. */
  public async restoreFailedNames(): Promise<void> {
    for (const zone of this.failedNames) await this.execOrThrow(['rndc', 'delzone', zone]);
    this.failedNames.clear();
  }
}

/** Nothing listens here: a zone transfer from it is refused at once, on the container's own loopback. */
const NEVER_ANSWERS_PORT = 5399;
