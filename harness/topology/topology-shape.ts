import { serverKind } from '../servers/server-registry';
import { createHash } from 'node:crypto';
import { selectedEngine } from '../engine/engine-choice';
import type { HarnessImages } from '../engine/image-builder';
import { clientOf } from '../mta/client-choice';
import { hostNumbers } from './address-plan';
import { planGateway } from './topology';
import type { TopologyPlan } from './topology';

/**
 * What a topology is made of that only a fresh start can give: the engine and images, the members
 * (names, kinds, host numbers), the client's MTA, the domain the hostnames are in, and whether a
 * reverse zone or a caching resolver is there. Everything else (zones, main.cf, lookup tables, a
 * Postfix relay's port) a reset rewrites. A node relay's port and relayhost are its environment.
 * Undefined when the plan has a customised client (the walkthrough's), which no reset can redo.
 */
export function topologyShape(plan: TopologyPlan, images: HarnessImages): string | undefined {
  if (plan.customizeClient) return undefined;
  const numbers = hostNumbers(plan);
  const mta = clientOf(plan).mta;
  const shape = {
    engine: selectedEngine(),
    images: [images.dns, images.sink, images.relay, images.mtas[mta]],
    domain: plan.domain,
    reverseZone: Boolean(plan.reverseZone),
    cachingResolver: Boolean(plan.cachingResolver),
    ipv6: Boolean(plan.ipv6),
    client: mta,
    // The clock is the client's process environment from its start, and the timing its start script's.
    timing: plan.timing ?? 'test',
    speed: plan.speed ?? 1,
    // Where the DNS, client and resolver sit, and the gateway: the network's and containers' addresses.
    members: [...numbers],
    gateway: planGateway(plan),
    servers: plan.servers.map((server) => [server.name, server.kind, numbers.get(server.name), ...(serverKind(server).shape?.(server) ?? [])]),
  };
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 12);
}
