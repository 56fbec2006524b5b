import type { ClientSubmission } from '../model/client-submission';
import { ClientChoice, clientOf, isClientChoice } from '../mta/client-choice';
import { onOwnNetwork } from '../files/own-network';
import { originOf } from '../files/file-origin';
import { clientMta } from '../mta/registry';
import type { Route } from '../mta/route';
import type { ServerSpec } from './servers';
import type { Step } from './steps';
import type { Expectation } from './expectations';
import type { ClientTiming } from '../model/client-clock';
import type { MemberHostNumbers } from '../topology/address-plan';

/** A scenario: a topology (zone, servers, client), a story (steps) and what must hold (expectations). */
export interface ScenarioDefinition {
  /** kebab-case; names the run, its containers and the message ids. */
  name: string;
  /** One line, shown by `--list`. */
  description: string;
  /** The document whose claim this scenario tests, e.g. "seed 000 (RFC 6186 article)". */
  source?: string;
  /** The mail domain the zone serves; every server is `<name>.<domain>`. */
  domain: string;
  /**
   * The zone for `domain` as BIND zone text. `{{server-name}}`, `{{dns}}` and `{{client}}`
   * are replaced by the topology's addresses.
   */
  zone: string;
  /**
   * Optional reverse zone for the run's /24, PTR records as zone text; `{{host:server-name}}`
   * is replaced by the server's last octet, so `{{host:server-one}} IN PTR server-one.example-domain.com.`
   */
  reverseZone?: string;
  servers: ServerSpec[];
  /**
   * What the client does with mail, said once for every MTA: byMx(), viaSrv('submission'),
   * viaHosts([...]). A scenario with a route runs on any client (`--client exim`) that can follow it.
   */
  route?: Route;
  /**
   * The client MTA: `exim({...})`, `postfix({...})` with settings of its own over the route's, or a
   * bare object of Postfix main.cf settings (Postfix, no neutral route). Default: Postfix.
   */
  client?: ClientChoice | Record<string, string>;
  /** Lookup tables for the client, e.g. `{'/etc/postfix/transport': 'example.com smtp:[...]'}`; `postmap` runs on each. */
  clientFiles?: Record<string, string>;
  /**
   * How the mail enters the client: 'network' (over SMTP from the engine's gateway on the run's
   * network, the default) or 'loopback' (over SMTP from the client host itself, as its local users'
   * mail does: for a file that relays only for local senders).
   */
  submission?: ClientSubmission;
  /** Where the test mail goes; default inbox@<domain>. */
  recipient?: string;
  steps: Step[];
  /** Run-wide expectations; default: every message delivered exactly once. */
  expect?: Expectation[];
  /**
   * Put a caching resolver (BIND, forward only to the scenario's server) between every container
   * and the zone, as a site's resolver would: records are then followed only after their TTL.
   */
  cachingResolver?: boolean;
  /**
   * A dual-stack run: the network gets a ULA /64 beside its /24, each member an IPv6 address with
   * its host number (`{{v6:name}}` in the zone), and the client MTA looks up AAAA records too.
   */
  ipv6?: boolean;
  /** How long a send step waits for its mail before going on, and the final wait. Default 20 s. */
  settleTimeoutMs?: number;
  /**
   * The /24 the scenario's files are written for, e.g. '192.168.50.0/24': each of its addresses in
   * the zone or a configuration is the run's address with the same host number (`hostNumber` on
   * each server), and a host outside it is refused before start.
   */
  network?: string;
  /**
   * Whose timing the client runs with: 'test' (the harness's fast timing, the default), 'shipped'
   * (the MTA as Debian ships it) or 'own' (the client settings as written, none of the harness's).
   */
  timing?: ClientTiming;
  /**
   * The client's clock runs this many times faster than real time (libfaketime). Every duration in
   * the scenario (waits, a fault's at and forMs, settle times) is at the client's clock and played
   * this many times shorter. Default 1 at test timing, 60 at shipped or own.
   */
  speed?: number;
  /**
   * Where the DNS, the client and a caching resolver sit in the /24 (host numbers 1-254; default
   * .2, .3 and .4), e.g. as a site's own files place them: `{ dns: 53, client: 25 }`.
   */
  hostNumbers?: MemberHostNumbers;
  /** What reading the scenario's files found worth saying (NOTE lines), filled by defineScenario. */
  notes?: string[];
  /**
   * Clients whose own documentation says they fail the scenario's claim, by kind, each with the
   * sentence cited: e.g. `{ postfix: 'postconf(5) smtp_mx_address_limit: ...' }`. A run on one still
   * FAILs, saying it was documented; a night counts it as foreseen, and a pass as a change.
   */
  documentedFailures?: Record<string, string>;
}

/** What the client MTA says of the settings (or the whole file) the scenario's own file gives it, naming file and line. */
function settingNotes(own: ClientChoice): string[] {
  const overlays = own.config ? clientMta(own.mta).configNotes?.(own.config) ?? [] : [];
  const origin = originOf(own.settings);
  if (!origin) return overlays;
  const notes = clientMta(own.mta).settingNotes?.(own.settings) ?? {};
  return [...Object.entries(notes).map(([name, note]) => `${origin.file} line ${origin.lineOf?.[name] ?? '?'} sets ${name} = ${own.settings[name]}: ${note}`), ...overlays];
}

/**
 * Gives scenario files type checking; a scenario on a network of its own (`network`) has its
 * files' addresses mapped to the run's here, once, before anything starts.
 */
export function defineScenario(definition: ScenarioDefinition): ScenarioDefinition {
  if (!definition || typeof definition !== 'object' || definition.notes) return definition;
  const own = clientOf(definition);
  const notes = settingNotes(own);
  // A setting the harness owns, read from the user's file, gives way to the harness's (said in its note).
  const owned = new Set(originOf(own.settings) ? clientMta(own.mta).ownedSettings ?? [] : []);
  const clientSettings = Object.fromEntries(Object.entries(own.settings).filter(([name]) => !owned.has(name)));
  const withClient = (settings: Record<string, string>, config = own.config) =>
    isClientChoice(definition.client) ? { ...definition.client, settings, ...(config === undefined ? {} : { config }) } : definition.client ? settings : undefined;
  if (!definition.network) return notes.length ? { ...definition, client: withClient(clientSettings), notes } : definition;
  // A shape the schema will refuse is left for it to say so.
  if (typeof definition.zone !== 'string' || !Array.isArray(definition.servers)) return definition;
  const mapped = onOwnNetwork({ network: definition.network, zone: definition.zone, servers: definition.servers, hostNumbers: definition.hostNumbers, cachingResolver: definition.cachingResolver, clientSettings, clientConfig: own.config, clientFiles: definition.clientFiles });
  return { ...definition, zone: mapped.zone, servers: mapped.servers, client: withClient(mapped.clientSettings, mapped.clientConfig), clientFiles: mapped.clientFiles, notes: [...mapped.notes, ...notes] };
}
