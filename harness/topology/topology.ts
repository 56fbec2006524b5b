import { getReaper } from 'testcontainers';
import { engineClient } from '../engine/engine-api';
import { BindContainer, StartedBindContainer } from '../containers/bind-container';
import { HarnessContainer, StartedHarnessContainer } from '../containers/harness-container';
import type { ClientChoice, ClientContainer, StartedClientMta } from '../mta/client-mta';
import { clientOf } from '../mta/client-choice';
import { clientMta } from '../mta/registry';
import { mapRouteHosts } from '../mta/route';
import { LOOPBACK_SUBMISSION_PORT } from '../model/client-submission';
import type { HarnessImages } from '../engine/image-builder';
import { neighbourTimersAt, type ClientTiming } from '../model/client-clock';
import type { ScenarioDefinition } from '../scenario/define-scenario';
import type { ServerIdentity } from '../mail/attribution';
import type { TopologySummary } from './topology-summary';
import { RunNetwork } from './run-network';
import { runLabels } from './run-labels';
import { addressesFor, gatewayHostNumber, netNumbersIn } from './address-plan';
import { renderZone, reverseOrigin, fillAddresses, fillSettings } from './zone-text';
import { abilitiesOf, serverKind, type ServerSpec } from '../servers/server-registry';
import type { MailReceiver, ServerAbilities } from '../servers/server-kind';

/** The parts of a scenario that make its topology, plus the run's identity. */
export interface TopologyPlan extends Pick<ScenarioDefinition, 'domain' | 'zone' | 'reverseZone' | 'servers' | 'client' | 'route' | 'clientFiles' | 'cachingResolver' | 'ipv6' | 'hostNumbers'> {
  runId: string;
  scenario: string;
  /** Servers some step stops: their queues stay on disk, to survive the restart as a real server's would. */
  stoppedByAStep: Set<string>;
  /** Servers the steps stop before anything else and never bring back: a kept topology may hand them over stopped. */
  downFromTheStart?: Set<string>;
  /** Container names by member (dns, client, servers); default `<runId>-<name>`. */
  containerNames?: Record<string, string>;
  /** Kept up between runs by a pool, and labelled so. */
  kept?: boolean;
  /** Whose timing the client runs with; default the harness's test timing. */
  timing?: ClientTiming;
  /** The client's clock speed (1: real time). */
  speed?: number;
  /** Extra set-up of the client container, e.g. the walkthrough's shell and `./senddummy.sh`. */
  customizeClient?: (client: HarnessContainer) => HarnessContainer;
}

/** Everything a run started, by name; torn down together by the run's label. */
export class StartedTopology {
  constructor(
    readonly runId: string,
    readonly network: RunNetwork,
    readonly dns: StartedBindContainer,
    readonly client: StartedClientMta,
    /** The client's MTA kind, as the registry names it. */
    readonly clientKind: string,
    readonly servers: Map<string, StartedHarnessContainer>,
    /** Each server as the scenario gave it: its kind says its role and what it can do. */
    private readonly specs: Map<string, ServerSpec>,
    readonly identities: ServerIdentity[],
    private readonly addresses: Map<string, string>,
    /** The zone as BIND serves it, with the run's addresses filled in. */
    readonly zoneText: string,
    /** The caching resolver between the containers and BIND, when the scenario asks for one. */
    readonly resolver?: StartedBindContainer,
  ) {}

  /** The network, each member's role and address, and the zone: for reports. */
  summary(): TopologySummary {
    return {
      subnet: this.network.subnet,
      members: this.members().map(([name, container]) => {
        const spec = this.specs.get(name);
        return { name, role: spec ? serverKind(spec).role : name, address: container.address, port: spec ? serverKind(spec).port(spec) : undefined };
      }),
      zone: this.zoneText,
    };
  }

  server(name: string): StartedHarnessContainer {
    const server = this.servers.get(name);
    if (!server) throw new Error(`no server named ${name} in this topology`);
    return server;
  }

  /** Applies a dynamic update to the scenario's zone; `{{name}}` placeholders become addresses. */
  async changeDns(commands: string): Promise<void> {
    await this.dns.update(fillAddresses(commands, this.addresses));
  }

  /** What a server can do beyond any member, as its kind's entry says. */
  abilities(name: string): Partial<ServerAbilities> {
    return this.abilitiesByName().get(name) ?? {};
  }

  /** Every server with its abilities. */
  serverAbilities(): [string, Partial<ServerAbilities>][] {
    return [...this.abilitiesByName()];
  }

  // The servers and their kinds are fixed for the topology's life; the sinks are asked every 100 ms while mail settles.
  private bound?: Map<string, Partial<ServerAbilities>>;

  private abilitiesByName(): Map<string, Partial<ServerAbilities>> {
    this.bound ??= new Map([...this.servers].map(([name, server]) => {
      const spec = this.specs.get(name);
      return [name, spec ? abilitiesOf(spec, server) : {}];
    }));
    return this.bound;
  }

  /** The servers that keep the mail reaching them. */
  sinks(): MailReceiver[] {
    return this.serverAbilities().flatMap(([, abilities]) => (abilities.receivesMail ? [abilities.receivesMail] : []));
  }

  /** The sinks' containers, as members. */
  sinkMembers(): StartedHarnessContainer[] {
    return [...this.servers].filter(([name]) => this.abilities(name).receivesMail).map(([, server]) => server);
  }

  /** Every container with its name, for saving logs. */
  members(): [string, StartedHarnessContainer][] {
    return [['dns', this.dns], ...(this.resolver ? [['resolver', this.resolver] as [string, StartedHarnessContainer]] : []), ['client', this.client], ...this.servers];
  }
}

/** A member of the topology did not start; its logs are still there to be read. */
export class TopologyStartError extends Error {
  override name = 'TopologyStartError';
  constructor(
    readonly runId: string,
    readonly member: string,
    readonly reason: unknown,
  ) {
    super(`${member} did not start: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
}

/** What a plan comes to on one network, worked out once for the members and the started topology alike. */
export interface RunLayout {
  /** Each member's address (`v6:name` for its IPv6 one). */
  addresses: Map<string, string>;
  /** The zone as BIND serves it, the run's addresses filled in. */
  zone: string;
  client: ClientChoice;
}

/** The containers of a topology, built and placed but not started, and the layout they were built from. */
export interface TopologyMembers {
  dns: BindContainer;
  resolver?: BindContainer;
  client: ClientContainer;
  servers: Map<string, HarnessContainer>;
  layout: RunLayout;
}

/**
 * Every member's container, configured for the plan on this network: what a start starts, and what
 * a reset reads each member's fresh state from.
 */
export function topologyMembers(plan: TopologyPlan, images: HarnessImages, network: RunNetwork): TopologyMembers {
  const labels = runLabels(plan.runId, plan.scenario, plan.kept);
  const addresses = addressesFor(plan, network.prefix, network.prefix6);
  const layout: RunLayout = { addresses, zone: renderZone(plan.zone, addresses), client: clientOf(plan) };
  const address = (name: string) => addresses.get(name)!;
  const hostname = (name: string) => `${name}.${plan.domain}`;
  // Every container asks the caching resolver when there is one; the resolver and BIND ask BIND.
  const resolverOf = (name: string) => address(plan.cachingResolver && name !== 'dns' && name !== 'resolver' ? 'resolver' : 'dns');
  const place = <T extends HarnessContainer>(container: T, name: string): T =>
    container
      .withName(plan.containerNames?.[name] ?? `${plan.runId}-${name}`)
      .withLabels(labels)
      .withFixedAddress(network, address(name), addresses.get(`v6:${name}`))
      .withResolver(resolverOf(name));

  const dns = place(new BindContainer(images.dns), 'dns').withZone(plan.domain, layout.zone);
  if (plan.reverseZone) dns.withZone(reverseOrigin(network.prefix), renderZone(plan.reverseZone, addresses));
  const resolver = plan.cachingResolver ? place(new BindContainer(images.dns), 'resolver').asCachingResolverFor(address('dns')) : undefined;
  const choice = layout.client;
  const mta = clientMta(choice.mta);
  const timing = plan.timing ?? 'test';
  const speed = plan.speed ?? 1;
  // Shipped timing: the MTA as Debian ships it, the scenario's own timing settings set aside too.
  const settings = timing === 'shipped' ? Object.fromEntries(Object.entries(choice.settings).filter(([name]) => !mta.isTimingSetting(name))) : choice.settings;
  const clientContainer = place(mta.container(images.mtas[choice.mta], {
    hostname: hostname('client'),
    domain: plan.domain,
    subnet: network.subnet,
    route: plan.route && mapRouteHosts(plan.route, (host) => fillAddresses(host, addresses)),
    settings: fillSettings(settings, addresses),
    ...(choice.config ? { config: fillAddresses(choice.config, addresses) } : {}),
    files: fillSettings(plan.clientFiles ?? {}, addresses),
    // No step stops the client, so its queue may live in memory.
    queueInMemory: true,
    ipv6: Boolean(network.prefix6),
    timing,
    speed,
  }), 'client')
    // Read by the image's entrypoint (the clock) and the MTA's start script (its timing).
    .withEnvironment({ CLIENT_CLOCK_SPEED: String(speed), HARNESS_TIMING: timing, LOOPBACK_SUBMISSION_PORT: String(LOOPBACK_SUBMISSION_PORT) })
    .withNetworkSysctls(neighbourTimersAt(speed, Boolean(network.prefix6)))
    // Only for the harness's own exec: a reset empties the client's neighbour cache (forgetNeighbours).
    .withAddedCapabilities('NET_ADMIN');
  const client = (plan.customizeClient?.(clientContainer) ?? clientContainer) as ClientContainer;
  const servers = new Map(plan.servers.map((spec) => {
    const kind = serverKind(spec);
    const filled = kind.mapSettings?.(spec, (settings) => fillSettings(settings, addresses)) ?? spec;
    const container = kind.container(filled, {
      images,
      hostname: hostname(spec.name),
      subnet: network.subnet,
      neverStopped: !plan.stoppedByAStep.has(spec.name),
    });
    return [spec.name, place(container, spec.name)] as const;
  }));
  return { dns, resolver, client, servers, layout };
}

/**
 * Where the engine's gateway goes on the run's network: off every member and every address the
 * scenario's files name ({{net:N}}: a site's host that is no member), which must stay nobody's.
 */
export function planGateway(plan: Pick<TopologyPlan, 'zone' | 'reverseZone' | 'client' | 'clientFiles' | 'servers' | 'route' | 'hostNumbers' | 'cachingResolver'>): number {
  const texts = JSON.stringify([plan.zone, plan.reverseZone, plan.client, plan.clientFiles, plan.servers, plan.route]);
  return gatewayHostNumber(plan, netNumbersIn(texts));
}

/** Builds the run's network and starts DNS, servers and client on fixed addresses, in parallel. */
export async function startTopology(plan: TopologyPlan, images: HarnessImages): Promise<StartedTopology> {
  // testcontainers looks its reaper up under a file lock on a container's first start; parallel
  // starts would each wait for that lock in turns of 0.5-1 s (1.1 s of a six-container start).
  // Looked up once here, it is cached for them all.
  await getReaper(await engineClient());
  const network = await RunNetwork.create(plan.runId, runLabels(plan.runId, plan.scenario, plan.kept), plan.ipv6, planGateway(plan));
  const members = topologyMembers(plan, images, network);
  // The scenario's DNS joins the network first, as a site's is up before its MTAs: one at a time
  // (the endpoint turns), a client could otherwise ask an address nobody holds yet and wait out ARP
  // and its resolver's timeouts.
  const dnsJoined = members.dns.whenEndpointAdded();
  for (const member of [members.resolver, members.client, ...members.servers.values()]) member?.withEndpointAfter(dnsJoined);
  const dns = members.dns.start();
  const resolver = members.resolver?.start();
  const client = members.client.start();
  const servers = [...members.servers].map(async ([name, container]) => [name, await container.start()] as const);
  const names = ['dns', 'client', ...members.servers.keys(), ...(resolver ? ['resolver'] : [])];
  const started = await Promise.allSettled([dns, client, ...servers, ...(resolver ? [resolver] : [])]);
  const failed = started.flatMap((result, i) => (result.status === 'rejected' ? [[names[i], result.reason] as const] : []));
  // The containers stay for their logs; the caller saves them, then removes the run by its label.
  if (failed.length > 0) throw new TopologyStartError(plan.runId, failed[0][0], failed[0][1]);
  return assembleTopology(plan, network, members.layout, {
    dns: await dns,
    resolver: await resolver,
    client: await client,
    servers: new Map((await Promise.all(servers)) as [string, StartedHarnessContainer][]),
  });
}

/** The started members as one topology, for the plan (a fresh start's, or a reset's for the next run) as its members' layout has it. */
export function assembleTopology(
  plan: TopologyPlan,
  network: RunNetwork,
  layout: RunLayout,
  started: { dns: StartedBindContainer; resolver?: StartedBindContainer; client: StartedClientMta; servers: Map<string, StartedHarnessContainer> },
  runId = plan.runId,
): StartedTopology {
  const { addresses } = layout;
  const identities = plan.servers.map((spec) => ({ name: spec.name, hostname: `${spec.name}.${plan.domain}`, address: addresses.get(spec.name)!, ...(network.prefix6 ? { address6: addresses.get(`v6:${spec.name}`) } : {}) }));
  const specs = new Map(plan.servers.map((spec) => [spec.name, spec]));
  return new StartedTopology(runId, network, started.dns, started.client, layout.client.mta, started.servers, specs, identities, addresses, layout.zone, started.resolver);
}
