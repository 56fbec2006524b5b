import type { ZoneRecords } from '../files/zone-records';
import type { NextHop } from '../mta/next-hop';
import { clientMta } from '../mta/registry';
import type { ClientChoice } from '../mta/client-mta';
import { defineScenario, type ScenarioDefinition } from '../scenario/define-scenario';
import { expectQueued, send, start, stop, wait } from '../scenario/steps';
import { everyMessageDeliveredExactlyOnce } from '../scenario/expectations';
import { postfixRelay, sink } from '../scenario/servers';

/** A site's files, read: what an audit plans its battery from. */
export interface AuditInput {
  /** The recipient domain (the zone's origin). */
  domain: string;
  /** The site's /24, e.g. 192.168.2.0/24: every address of the files is the run's with the same host number. */
  network: string;
  /** The site's zone as written, and as BIND reads it. */
  zone: string;
  records: ZoneRecords;
  client: ClientChoice;
  /** Messages per cell (default 6). */
  messages?: number;
}

/** A host the client can hand mail to, given a relay of its own in the audit's topology. */
export interface AuditRelay {
  name: string;
  hostNumber: number;
  port: number;
  order: number;
  fallback: boolean;
  /** How the client finds it, in its configuration's words (e.g. "MX of example.com (relayhost)"). */
  via: string;
}

/** One cell of the battery: a fault at a relay (or none, or all), what the route implies, and the run that shows it. */
export interface AuditCell {
  fault: 'baseline' | 'stop' | 'all down';
  relay?: string;
  /** The relays the route's own order says carry the mail (RFC 5321 §5.1, RFC 2782, the list's order); empty: it waits queued. */
  predicted: string[];
  scenario: ScenarioDefinition;
}

export interface AuditPlan {
  relays: AuditRelay[];
  cells: AuditCell[];
  /** What the files route that the audit cannot place or read, each a sentence: bad input when no relay is left. */
  problems: string[];
}

/** The relays that carry while `down` are stopped: the lowest order among the rest, fallbacks only when no other is left. */
export function predictedCarriers(relays: AuditRelay[], down: Set<string>): string[] {
  const up = relays.filter((relay) => !down.has(relay.name));
  const tier = up.some((relay) => !relay.fallback) ? up.filter((relay) => !relay.fallback) : up;
  const best = Math.min(...tier.map((relay) => relay.order));
  return tier.filter((relay) => relay.order === best).map((relay) => relay.name);
}

/**
 * The audit's battery on the site's own files: each next hop the client's configuration leads to
 * becomes a relay of the run at its own host number (one per address), forwarding to a mail store
 * at a host number no file uses; then a baseline, each relay stopped in turn, and every relay down
 * and back. Each cell's prediction is what the route's own order implies.
 */
export function planAudit(input: AuditInput): AuditPlan {
  const prefix = /^(\d{1,3}\.\d{1,3}\.\d{1,3})\.0\/24$/.exec(input.network)?.[1];
  if (!prefix) return { relays: [], cells: [], problems: [`--network ${input.network} is not a /24 such as 192.168.2.0/24`] };
  const reader = clientMta(input.client.mta).nextHops;
  if (!reader) return { relays: [], cells: [], problems: [`the audit does not read ${clientMta(input.client.mta).title}'s configuration yet`] };
  const { hops, unread } = reader(input.client.settings, input.domain, input.records);
  const problems = [...unread];
  const relays = relaysOf(hops, prefix, problems);
  if (relays.length === 0) problems.push(`the client's configuration leads to no host of ${input.network} to hand mail to`);
  // The DNS where the zone's name server is (when that is in the /24 and no relay), the client and
  // the mail store on numbers no file uses.
  const named = new Set([...input.zone.matchAll(new RegExp(`\\b${prefix.replace(/\./g, '\\.')}\\.(\\d{1,3})\\b`, 'g'))].map((match) => Number(match[1])));
  const taken = new Set(relays.map((relay) => relay.hostNumber));
  const free = (from: number, step: number) => {
    let n = from;
    while (taken.has(n) || named.has(n)) n += step;
    taken.add(n);
    return n;
  };
  const nsNumber = input.records.nameServerAddresses(input.domain).filter((a) => a.startsWith(`${prefix}.`)).map((a) => Number(a.split('.')[3])).find((n) => !taken.has(n));
  const dnsNumber = nsNumber ?? free(2, 1);
  taken.add(dnsNumber);
  const clientNumber = free(3, 1);
  const storeNumber = free(250, -1);
  const n = input.messages ?? 6;
  const cell = (fault: AuditCell['fault'], relay: string | undefined, down: string[], steps: ScenarioDefinition['steps'], expect?: ScenarioDefinition['expect']): AuditCell => ({
    fault,
    relay,
    predicted: predictedCarriers(relays, new Set(down)),
    scenario: defineScenario({
      name: `audit-${fault.replace(' ', '-')}${relay ? `-${relay}` : ''}`,
      description: `${fault}${relay ? ` ${relay}` : ''}: mail from the site's client, on its own files`,
      source: 'the site\'s own files',
      domain: input.domain,
      network: input.network,
      zone: input.zone,
      hostNumbers: { dns: dnsNumber, client: clientNumber },
      servers: [...relays.map((r) => postfixRelay(r.name, { hostNumber: r.hostNumber, port: r.port, mainCf: { relayhost: '[{{mailstore}}]' } })), sink('mailstore', { hostNumber: storeNumber })],
      client: input.client,
      steps,
      ...(expect ? { expect } : {}),
    }),
  });
  const cells: AuditCell[] = relays.length === 0 ? [] : [
    cell('baseline', undefined, [], [send(n, { expectCarriedBy: predictedCarriers(relays, new Set()) })]),
    ...relays.flatMap((relay) => {
      const carriers = predictedCarriers(relays, new Set([relay.name]));
      // No route round it: the mail must wait in the queue, and go once it is back.
      if (carriers.length === 0) {
        return [cell('stop', relay.name, [relay.name], [stop(relay.name), send(n, { settle: false }), wait(4000), expectQueued(), start(relay.name)], [everyMessageDeliveredExactlyOnce()])];
      }
      return [cell('stop', relay.name, [relay.name], [stop(relay.name), send(n, { expectCarriedBy: carriers })])];
    }),
    cell('all down', undefined, relays.map((relay) => relay.name), [
      ...relays.map((relay) => stop(relay.name)), send(n, { settle: false }), wait(4000), expectQueued(), ...relays.map((relay) => start(relay.name)),
    ], [everyMessageDeliveredExactlyOnce()]),
  ];
  return { relays, cells, problems };
}

/** A relay per address of each next hop in the /24, named by the host's first label (and its host number when it has several). */
function relaysOf(hops: NextHop[], prefix: string, problems: string[]): AuditRelay[] {
  const relays = new Map<number, AuditRelay>();
  for (const hop of hops) {
    if (hop.addresses.length === 0) problems.push(`${hop.host} (${hop.via}) has no address in the zone`);
    for (const address of hop.addresses) {
      if (!address.startsWith(`${prefix}.`)) {
        problems.push(`${hop.host} (${hop.via}) is at ${address}, outside the site's network: a run never reaches for an address that is not its own`);
        continue;
      }
      const hostNumber = Number(address.split('.')[3]);
      const label = hop.host.split('.')[0].replace(/[^a-z0-9-]/g, '-') || `host-${hostNumber}`;
      const name = hop.addresses.length > 1 || /^\d+$/.test(label) ? `${/^\d+$/.test(label) ? 'relay' : label}-${hostNumber}` : label;
      // The same address reached two ways is one relay, taken where the client would try it first.
      if (!relays.has(hostNumber)) relays.set(hostNumber, { name, hostNumber, port: hop.port, order: hop.order, fallback: hop.fallback, via: hop.via });
    }
  }
  return [...relays.values()];
}
