import { BindContainer, StartedBindContainer } from '../containers/bind-container';
import { PostfixContainer, StartedPostfixContainer } from '../containers/postfix-container';
import { HarnessContainer, StartedHarnessContainer } from '../containers/harness-container';
import { StartedSinkContainer } from '../containers/sink-container';
import { commonSettings, MainCf } from '../containers/postfix-settings';
import type { HarnessImages } from '../engine/image-builder';
import type { ServerSpec } from '../scenario/servers';
import type { ServerIdentity } from '../mail/attribution';
import { RunNetwork } from './run-network';
import { runLabels } from './run-labels';
import { addressesFor } from './address-plan';
import { renderZone } from './zone-text';
import { removeRun } from './run-cleanup';
import { createServerContainer } from './server-factory';

export interface TopologyPlan {
  runId: string;
  scenario: string;
  domain: string;
  zone: string;
  servers: ServerSpec[];
  client: MainCf;
}

/** Everything a run started, by name; torn down together by the run's label. */
export class StartedTopology {
  constructor(
    readonly runId: string,
    readonly network: RunNetwork,
    readonly dns: StartedBindContainer,
    readonly client: StartedPostfixContainer,
    readonly servers: Map<string, StartedHarnessContainer>,
    readonly identities: ServerIdentity[],
  ) {}

  server(name: string): StartedHarnessContainer {
    const server = this.servers.get(name);
    if (!server) throw new Error(`no server named ${name} in this topology`);
    return server;
  }

  sinks(): StartedSinkContainer[] {
    return [...this.servers.values()].filter((s): s is StartedSinkContainer => s instanceof StartedSinkContainer);
  }

  /** Every container with its name, for saving logs. */
  members(): [string, StartedHarnessContainer][] {
    return [['dns', this.dns], ['client', this.client], ...this.servers];
  }

  async teardown(): Promise<void> {
    await removeRun(this.runId);
  }
}

/** Builds the run's network and starts DNS, servers and client on fixed addresses, in parallel. */
export async function startTopology(plan: TopologyPlan, images: HarnessImages): Promise<StartedTopology> {
  const labels = runLabels(plan.runId, plan.scenario);
  const network = await RunNetwork.create(plan.runId, labels);
  const addresses = addressesFor(plan.servers, network.prefix);
  const address = (name: string) => addresses.get(name)!;
  const hostname = (name: string) => `${name}.${plan.domain}`;
  const place = <T extends HarnessContainer>(container: T, name: string): T =>
    container
      .withName(`${plan.runId}-${name}`)
      .withLabels(labels)
      .withFixedAddress(network, address(name))
      .withResolver(address('dns'));

  const dns = place(new BindContainer(images.dns), 'dns').withZone(plan.domain, renderZone(plan.zone, addresses)).start();
  const client = place(new PostfixContainer(images.postfix), 'client')
    .withMainCf({ ...commonSettings(hostname('client'), network.subnet), ...plan.client })
    .start();
  const servers = plan.servers.map(async (spec) => {
    const container = createServerContainer(spec, { images, hostname: hostname(spec.name), subnet: network.subnet });
    return [spec.name, await place(container, spec.name).start()] as const;
  });
  const started = await Promise.allSettled([dns, client, ...servers]);
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await removeRun(plan.runId);
    throw failed.reason;
  }
  const identities = plan.servers.map((spec) => ({ name: spec.name, hostname: hostname(spec.name), address: address(spec.name) }));
  return new StartedTopology(
    plan.runId,
    network,
    await dns,
    await client,
    new Map(await Promise.all(servers)),
    identities,
  );
}
