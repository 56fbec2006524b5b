import type { ZoneRecords } from '../files/zone-records';
import { settingMs } from '../mail/failover-time';
import { speedFor, type ClientTiming } from '../model/client-clock';
import type { FaultCost } from '../model/fault-record';
import type { NextHop } from '../mta/next-hop';
import { clientMta } from '../mta/registry';
import type { ClientChoice } from '../mta/client-mta';
import { defineScenario, type ScenarioDefinition } from '../scenario/define-scenario';
import { expectQueued, send, start, stop, wait, type Step } from '../scenario/steps';
import { everyMessageAccountedFor, everyMessageDeliveredExactlyOnce, lostOnlyAt, messageFates } from '../scenario/expectations';
import { postfixRelay, sink } from '../scenario/servers';
import { AUDIT_FAULTS, undoFault, type FaultEffect } from './audit-faults';
import { serverKind } from '../servers/server-registry';
import type { ServerKind } from '../servers/server-kind';
import { whoseFile } from './whose-file';
import { errorMessage } from '../util/errors';

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
  /** Whose timing the client runs with: the site's own (the default) or Debian's as shipped, at `speed`. */
  timing?: Exclude<ClientTiming, 'test'>;
  /** The client's clock speed (default: 60× at the site's own timing, real time at test timing). */
  speed?: number;
  /** Only these faults of the battery (by name); default every one. */
  faults?: string[];
  /** The lookup tables the client's file names, by the path it names (they go into the client as they are). */
  clientFiles?: Record<string, string>;
  /** The relays' own configuration file as written (a Postfix main.cf): every relay of the audit runs it (default: the harness's relay). */
  relayFile?: { text: string; file: string };
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
  /** A fault of the battery by name, or the baseline, every relay down, or the first choice back after a stop. */
  fault: string;
  relay?: string;
  /** Relays stopped first so that the client's route reaches `relay` (those it tries before it). */
  stopped: string[];
  /** The relays the route's own order says carry the mail (RFC 5321 §5.1, RFC 2782, the list's order); empty: it waits queued. */
  predicted: string[];
  /** What the mail handed to the faulted relay meets (absent: no fault at one relay). */
  effect?: FaultEffect;
  /** Why the prediction is not the route's plain order, in the client's documented words (a retry hint). */
  because?: string;
  /** The send step whose messages the cell is judged on (0-based). */
  judgedStep: number;
  scenario: ScenarioDefinition;
}

export interface AuditPlan {
  relays: AuditRelay[];
  cells: AuditCell[];
  /** The client's own waits, as its file (or its MTA's default) sets them: "smtp_helo_timeout = 300s". */
  waits: Partial<Record<FaultCost, string>>;
  /** What the files route that the audit cannot place or read, each a sentence: bad input when no relay is left. */
  problems: string[];
  /** What reading the files found that the client reads otherwise than an admin may think, each a sentence. */
  notes: string[];
}

/** The relays that carry while `down` are stopped: the lowest order among the rest, fallbacks only when no other is left. */
export function predictedCarriers(relays: AuditRelay[], down: Set<string>): string[] {
  const up = relays.filter((relay) => !down.has(relay.name));
  const tier = up.some((relay) => !relay.fallback) ? up.filter((relay) => !relay.fallback) : up;
  const best = Math.min(...tier.map((relay) => relay.order));
  return tier.filter((relay) => relay.order === best).map((relay) => relay.name);
}

/** The relays a client tries before `relay`: every one that carries while none is down, until `relay` is among the carriers. */
export function relaysAhead(relays: AuditRelay[], relay: string): string[] {
  const down = new Set<string>();
  for (let carriers = predictedCarriers(relays, down); carriers.length > 0 && !carriers.includes(relay); carriers = predictedCarriers(relays, down)) {
    for (const name of carriers) down.add(name);
  }
  return [...down];
}

/** The names a --faults option takes. */
export const auditFaultNames = (): string[] => AUDIT_FAULTS.map((fault) => fault.name);

/**
 * The audit's battery on the site's own files: each next hop the client's configuration leads to
 * becomes a relay of the run at its own host number (one per address), forwarding to a mail store
 * at a host number no file uses; then a baseline, each fault of the battery at each relay (those
 * the client tries first stopped, so that it meets the fault), the first choice back after a stop,
 * and every relay down and back. Each cell's prediction is what the route's own order implies.
 */
export function planAudit(input: AuditInput): AuditPlan {
  const none = (problem: string): AuditPlan => ({ relays: [], cells: [], waits: {}, problems: [problem], notes: [] });
  const prefix = /^(\d{1,3}\.\d{1,3}\.\d{1,3})\.0\/24$/.exec(input.network)?.[1];
  if (!prefix) return none(`--network ${input.network} is not a /24 such as 192.168.2.0/24`);
  const unknown = (input.faults ?? []).filter((name) => !auditFaultNames().includes(name));
  if (unknown.length) return none(`--faults names ${unknown.join(', ')}: the battery's faults are ${auditFaultNames().join(', ')}`);
  const kind = clientMta(input.client.mta);
  const reader = kind.nextHops;
  if (!reader) return none(`the audit does not read ${kind.title}'s configuration yet`);
  if ((input.timing as string) === 'test') return none("--timing test lays the harness's own 1 s and 5 s timeouts over the site's file: an audit plays the site's own timing (own) or Debian's (shipped)");
  if (input.client.config && input.timing === 'shipped') return none(`--timing shipped sets the file's timing settings aside, but ${kind.title}'s whole file runs as written: audit it at its own timing`);
  const read = reader(input.client, input.domain, input.records, input.clientFiles);
  const { hops, unread, notes } = read;
  // The waits the client pays: its file's at its own timing, the MTA's defaults at shipped timing.
  const shipped = () => ({ ...input.client, settings: Object.fromEntries(Object.entries(input.client.settings).filter(([name]) => !kind.isTimingSetting(name))) });
  const { waits } = input.timing === 'shipped' ? reader(shipped(), input.domain, input.records, input.clientFiles) : read;
  const problems = [...unread];
  const relays = relaysOf(hops, prefix, problems, input.records);
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
  const timing = input.timing ?? 'own';
  const speed = speedFor(timing, input.speed, kind.maxSpeed?.({ timing, settings: input.client.settings, config: input.client.config })?.speed);
  const waitsMs = Object.fromEntries(Object.entries(waits).map(([cost, setting]) => [cost, settingMs(setting)]).filter(([, ms]) => ms !== undefined)) as Partial<Record<FaultCost, number>>;
  // Long enough at the client's clock for every message to have tried and been kept: a try ends at
  // its connect wait or, connected, at its greeting wait (a wait step's most is 10 min).
  const triedAndKept = wait(Math.min(600_000, Math.max(waitsMs.connect ?? 30_000, waitsMs.greeting ?? 300_000) + 4000));
  const baseline = predictedCarriers(relays, new Set());
  // Every relay the harness's Postfix relay, running the site's relay file when it gives one.
  const mailstore = '[{{mailstore}}]';
  const relayKind = serverKind(postfixRelay('relay'));
  const relayCf = input.relayFile && relayKind.fromSiteFile ? relayFromSiteFile(relayKind, input.relayFile, mailstore) : { settings: { relayhost: mailstore }, notes: [] };

  // Mail that waits queued is judged once the client's own retry (its rule, its queue runs) has had time to come round.
  const queuedSettle = read.retry ? { settleTimeoutMs: Math.min(3_600_000, Math.round(read.retry.ms * 1.25) + 60_000) } : {};
  const cell = (fault: string, relay: string | undefined, stopped: string[], broken: string[], steps: Step[], options: { effect?: FaultEffect; expect?: ScenarioDefinition['expect']; queued?: boolean; predicted?: string[]; because?: string } = {}): AuditCell => ({
    fault,
    relay,
    stopped,
    predicted: options.predicted ?? predictedCarriers(relays, new Set([...stopped, ...broken])),
    effect: options.effect,
    ...(options.because ? { because: options.because } : {}),
    judgedStep: steps.map((step, i) => (step.kind === 'send' ? i : -1)).filter((i) => i >= 0).pop() ?? 0,
    scenario: defineScenario({
      name: `audit-${fault}${relay ? `-${relay}` : ''}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
      description: `${fault}${relay ? ` at ${relay}` : ''}${stopped.length ? ` (${stopped.join(', ')} stopped)` : ''}: mail from the site's client, on its own files`,
      source: 'the site\'s own files',
      domain: input.domain,
      network: input.network,
      zone: input.zone,
      hostNumbers: { dns: dnsNumber, client: clientNumber },
      // As the site's own users' mail enters: from the client host itself (a file may relay for no one else).
      submission: 'loopback',
      servers: [...relays.map((r) => postfixRelay(r.name, { hostNumber: r.hostNumber, port: r.port, mainCf: relayCf.settings })), sink('mailstore', { hostNumber: storeNumber })],
      client: input.client,
      ...(input.clientFiles && Object.keys(input.clientFiles).length ? { clientFiles: input.clientFiles } : {}),
      timing,
      ...(input.speed ? { speed: input.speed } : {}),
      steps: [...stopped.map((name) => stop(name)), ...steps],
      ...(options.expect ? { expect: options.expect } : {}),
      ...(options.queued ? queuedSettle : {}),
    }),
  });
  // Mail no relay can take waits queued, and goes once `back` has undone the fault, by the relays the route then gives.
  const waitsQueued = (back: Step[], carriers: string[]): Step[] => [send(n, { settle: false, expectCarriedBy: carriers }), triedAndKept, expectQueued(), ...back];

  const faultCells = AUDIT_FAULTS.filter((fault) => !input.faults || input.faults.includes(fault.name)).flatMap((fault) => relays.map((relay) => {
    const stopped = relaysAhead(relays, relay.name);
    const broken = fault.play(relay.name, waitsMs, speed);
    const undo = undoFault(fault, relay.name);
    const carriers = predictedCarriers(relays, new Set([...stopped, relay.name]));
    const shared = predictedCarriers(relays, new Set(stopped)).length > 1;
    if (fault.effect === 'lost') return cell(fault.name, relay.name, stopped, [], [...broken, send(n, { settle: false })], { effect: fault.effect, expect: [lostOnlyAt(relay.name)] });
    if (fault.effect === 'bounced') return cell(fault.name, relay.name, stopped, [], [...broken, send(n, { settle: false })], { effect: fault.effect, expect: [shared ? everyMessageAccountedFor() : messageFates({ bounced: n })] });
    // The last host's 5xx greeting: the mail waits queued, or is returned where the client's own algorithm says so.
    if (carriers.length === 0 && fault.greetsPermanently && kind.bouncesAtPermanentGreeting) {
      return cell(fault.name, relay.name, stopped, [relay.name], [...broken, send(n, { settle: false })], { effect: 'bounced', expect: [messageFates({ bounced: n })], because: kind.bouncesAtPermanentGreeting });
    }
    if (carriers.length === 0) return cell(fault.name, relay.name, stopped, [relay.name], [...broken, ...waitsQueued([undo], predictedCarriers(relays, new Set(stopped)))], { effect: fault.effect, expect: [everyMessageDeliveredExactlyOnce()], queued: true });
    return cell(fault.name, relay.name, stopped, [relay.name], [...broken, send(n, { expectCarriedBy: carriers })], { effect: fault.effect });
  }));
  // After a stop of the first choice, is it the first choice again once back? Not before its retry time, where the client keeps a retry hint.
  const first = baseline[0];
  const round = first ? predictedCarriers(relays, new Set([first])) : [];
  const again = read.hostRetry ? round : baseline;
  const back = first && round.length > 0 && (!input.faults || input.faults.includes('stop'))
    ? [cell('back', first, [], [], [stop(first), send(n, { expectCarriedBy: round }), start(first), send(n, { expectCarriedBy: again })], { predicted: again, ...(read.hostRetry ? { because: read.hostRetry } : {}) })]
    : [];
  const cells: AuditCell[] = relays.length === 0 ? [] : [
    cell('baseline', undefined, [], [], [send(n, { expectCarriedBy: baseline })]),
    ...faultCells,
    ...back,
    cell('all-down', undefined, [], relays.map((relay) => relay.name), [...relays.map((relay) => stop(relay.name)), ...waitsQueued(relays.map((relay) => start(relay.name)), baseline)], { expect: [everyMessageDeliveredExactlyOnce()], queued: true }),
  ];
  // What the harness lays over the client's whole file to run and observe it, each naming its line.
  const overlays = input.client.config ? kind.configNotes?.(input.client.config) ?? [] : [];
  return { relays, cells, waits, problems, notes: [...overlays, ...notes, ...relayCf.notes] };
}

/** A relay per address of each next hop in the /24, named by the host's first label (and its host number when it has several). */
function relaysOf(hops: NextHop[], prefix: string, problems: string[], records: ZoneRecords): AuditRelay[] {
  const relays = new Map<number, AuditRelay>();
  for (const hop of hops) {
    if (hop.addresses.length === 0) problems.push(`${hop.host} (${hop.via}) has no address in the zone`);
    for (const address of hop.addresses) {
      if (!address.startsWith(`${prefix}.`)) {
        problems.push(`${hop.host} (${hop.via}) is at ${address}, outside the site's network: a run never reaches for an address that is not its own`);
        continue;
      }
      const hostNumber = Number(address.split('.')[3]);
      // A host given by address is named as the zone names that address, where it does.
      const host = /^\d+(\.\d+){3}$/.test(hop.host) ? records.namesAt(hop.host)[0] ?? hop.host : hop.host;
      const label = host.split('.')[0].replace(/[^a-z0-9-]/g, '-') || `host-${hostNumber}`;
      const name = hop.addresses.length > 1 || /^\d+$/.test(label) ? `${/^\d+$/.test(label) ? 'relay' : label}-${hostNumber}` : label;
      // The same address reached two ways is one relay, taken where the client would try it first.
      if (!relays.has(hostNumber)) relays.set(hostNumber, { name, hostNumber, port: hop.port, order: hop.order, fallback: hop.fallback, via: hop.via });
    }
  }
  return [...relays.values()];
}

/** The relays' own file as the audit's relay kind runs it; one in another MTA's words is refused saying so. */
function relayFromSiteFile(kind: Pick<ServerKind<{ kind: string; name: string }>, 'title' | 'fromSiteFile'>, relayFile: { text: string; file: string }, nextHop: string): { settings: Record<string, string>; notes: string[] } {
  try {
    return kind.fromSiteFile!(relayFile.text, relayFile.file, nextHop);
  } catch (error) {
    const other = whoseFile(relayFile.text, relayFile.file);
    throw new Error(`--relay-config ${errorMessage(error)} (each relay of the audit is ${kind.title}${other ? `, and the file reads as ${clientMta(other).title}'s` : ''})`);
  }
}
