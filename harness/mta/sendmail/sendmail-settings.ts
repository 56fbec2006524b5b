import { routeHosts, type RelayHost, type Route } from '../route';
import { readSendmailMc, sendmailSeconds } from './sendmail-mc';

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

/** Debian's queue run interval (sendmail.conf QUEUE_INTERVAL): the image's start script's -q away from test timing. */
export const SHIPPED_QUEUE_INTERVAL = '10m';

/**
 * What the harness lays over a site's whole .mc to run and observe it: each failed connect logged,
 * and no load-average throttling (the run's 2-core machine is not the site's).
 */
const OVERLAY: Record<string, { value: string; why: string }> = {
  confLOG_LEVEL: { value: '14', why: 'each failed connect is logged (from LogLevel 14), and the harness reads the log' },
  confQUEUE_LA: { value: '1000', why: "no queueing by load average: the run's machine's load is not the site's" },
  confREFUSE_LA: { value: '1000', why: "no refusing by load average: the run's machine's load is not the site's" },
  confDELAY_LA: { value: '0', why: "no delay by load average: the run's machine's load is not the site's" },
};

/**
 * A site's whole .mc with the overlay's defines put on its first MAILER line, before the mailers as
 * m4 wants them, so every line keeps its number (m4's and Sendmail's errors name the site's lines).
 */
export function ownSendmailMc(text: string, file = 'sendmail.mc'): string {
  const { firstMailerLine } = readSendmailMc(text, file);
  const lines = text.split('\n');
  const defines = Object.entries(OVERLAY).map(([name, { value }]) => `define(\`${name}', \`${value}')`).join('');
  lines[firstMailerLine - 1] = defines + lines[firstMailerLine - 1];
  return lines.join('\n');
}

/** The overlay's NOTEs: each define the harness sets, with the file's own line where it sets one too. */
export function sendmailOverlayNotes(text: string, file: string): string[] {
  const { defines, firstMailerLine } = readSendmailMc(text, file);
  const overlays = Object.entries(OVERLAY).map(([name, { value, why }]) => (defines[name]
    ? `${file} line ${defines[name].line} sets ${name} = ${defines[name].value}: ${value} instead, ${why}`
    : `${file} line ${firstMailerLine}: the harness adds ${name} = ${value} before the mailers, ${why}`));
  return [...overlays, `${file}: the queue interval is not a .mc's: the client runs Debian's (sendmail.conf QUEUE_INTERVAL, ${SHIPPED_QUEUE_INTERVAL})`];
}

/** Timeouts no clock limits here: the ident query back to a submitter, which the client's own loopback refuses at once. */
const UNBOUNDED = new Set(['confTO_IDENT']);

/** The whole-second timeouts a site's .mc sets (0 is none: the kernel's own), and the queue interval, in seconds. */
export function sendmailOwnTimeoutsS(text: string): number[] {
  const { defines } = readSendmailMc(text);
  const own = Object.entries(defines).filter(([name]) => name.startsWith('confTO_') && !UNBOUNDED.has(name)).map(([, define]) => sendmailSeconds(define.value));
  return [...own, sendmailSeconds(SHIPPED_QUEUE_INTERVAL)].filter((seconds): seconds is number => seconds !== undefined && seconds > 0);
}
