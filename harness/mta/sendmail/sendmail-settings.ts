import { routeHosts, type RelayHost, type Route } from '../route';

/** sendmail.mc `define`s (confX names) over the harness's. */
export type SendmailDefines = Record<string, string>;

/**
 * Test timing, the Sendmail equivalent of the Postfix client's: a dead host costs 1 s to connect,
 * a silent one 5 s per command. The daemon's queue runner (-q1s) sends deferred mail again.
 */
export const SENDMAIL_TIMING = {
  // The first connect of a delivery and every later one (Timeout.iconnect, Timeout.connect).
  confTO_ICONNECT: '1s',
  confTO_CONNECT: '1s',
  // The greeting (Timeout.initial) and each command after it.
  confTO_INITIAL: '5s',
  confTO_HELO: '5s',
  confTO_MAIL: '5s',
  confTO_RCPT: '5s',
  confTO_DATAINIT: '5s',
  confTO_DATABLOCK: '5s',
  confTO_DATAFINAL: '5s',
  confTO_RSET: '5s',
  confTO_QUIT: '5s',
};

/** A timing define as sendmail.cf names its option: confTO_ICONNECT → Timeout.iconnect. */
export const sendmailOptionOf = (define: keyof typeof SENDMAIL_TIMING) => `Timeout.${define.slice('confTO_'.length).toLowerCase()}`;

export interface SendmailConfigInput {
  hostname: string;
  route: Route;
  defines: SendmailDefines;
  /** The harness's test timing (default), or none of it (shipped, own). */
  testTiming?: boolean;
}

/** The one port every host of the route is on, or undefined when they differ. */
function portOf(route: Route): number | undefined {
  const ports = new Set(routeHosts(route).map((relay) => relay.port ?? 25));
  return ports.size <= 1 ? ([...ports][0] ?? 25) : undefined;
}

/**
 * Why Sendmail cannot follow a route: it has no SRV lookup, a smart host list is tried in order
 * only, and its mailer has one port for every host. Undefined when it can.
 */
export function sendmailCannot(route: Route): string | undefined {
  if (route.via === 'srv') return 'Sendmail has no SRV lookup (it delivers by MX or to a smart host)';
  if (route.via === 'hosts' && route.order === 'random') return 'Sendmail tries a smart host list in order and has no setting to pick from it at random';
  if (portOf(route) === undefined) return 'Sendmail gives one port to every host of its relay mailer, and this route names hosts on different ports';
  return undefined;
}

/** `[host]`: the address records of the name, not its MX (as Postfix's brackets). */
const bracketed = (relay: RelayHost) => `[${relay.host}]`;

/**
 * sendmail.mc: Debian's m4 files, the test timing, no load-average throttling, and the route (by MX,
 * or a smart host list tried in order, with FallbackMXhost as the fallback relay).
 */
export function renderSendmailMc(input: SendmailConfigInput): string {
  const port = portOf(input.route) ?? 25;
  const defines: SendmailDefines = {
    confDOMAIN_NAME: input.hostname,
    ...(input.testTiming === false ? {} : SENDMAIL_TIMING),
    // No RFC 1413 ident query back to each submitter (5 s each where nothing answers on port 113).
    confTO_IDENT: '0s',
    // Sendmail queues instead of delivering above a load average of 8 and refuses above 12: a busy
    // 2-core CI machine gets there, and the run would measure the machine instead of the MTA.
    confQUEUE_LA: '1000',
    confREFUSE_LA: '1000',
    confDELAY_LA: '0',
    // Each failed connect (`makeconnection ... failed`) is logged from 14 on; Debian's default is not enough.
    confLOG_LEVEL: '14',
    // A failed host is skipped by every delivery for this long (Debian: 30 m; here, a fast retry).
    ...(input.testTiming === false ? {} : { confTO_HOSTSTATUS: '1s' }),
    ...(input.route.via === 'hosts' ? { SMART_HOST: `relay:${input.route.hosts.map(bracketed).join(':')}` } : {}),
    ...(input.route.fallback ? { confFALLBACK_MX: bracketed(input.route.fallback) } : {}),
    ...(port !== 25 ? { RELAY_MAILER_ARGS: `TCP $h ${port}`, ESMTP_MAILER_ARGS: `TCP $h ${port}` } : {}),
    ...input.defines,
  };
  return [
    'divert(-1)',
    'divert(0)dnl',
    "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl",
    "VERSIONID(`mail relay failover harness')dnl",
    "OSTYPE(`debian')dnl",
    ...Object.entries(defines).map(([name, value]) => `define(\`${name}', \`${value}')dnl`),
    // Addresses are relayed as given: no canonical-name lookup of each recipient's domain.
    "FEATURE(`nocanonify')dnl",
    // A sender domain with no MX or A of its own (a zone that names only relays) is still accepted.
    "FEATURE(`accept_unresolvable_domains')dnl",
    "DAEMON_OPTIONS(`Family=inet, Name=MTA-v4, Port=smtp')dnl",
    "MAILER(`smtp')dnl",
    '',
  ].join('\n');
}

/** relay-domains: the networks allowed to relay, as Sendmail's prefixes ("10.213.4" for a /24). */
export function renderRelayDomains(subnet: string): string {
  const prefix = subnet.replace(/\.0\/24$/, '');
  return ['127.0.0.1', prefix, ''].join('\n');
}
