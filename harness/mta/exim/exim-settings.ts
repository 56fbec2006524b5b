import { durationSeconds } from '../../util/duration';
import type { Route, RelayHost } from '../route';
import { overlayEximMain, parseEximConfigure } from './exim-configure';

/** Exim main options as `name = value`, over the harness's. */
export type EximOptions = Record<string, string>;

/**
 * Test timing, the Exim equivalent of the Postfix client's: a dead host costs 1 s to connect,
 * a silent one 5 s per command; the retry rule below lets a deferred message go again after 1 s.
 */
export const EXIM_TIMING = {
  connect_timeout: '1s',
  // Every SMTP command and the greeting: a frozen relay costs this.
  command_timeout: '5s',
  data_timeout: '5s',
  final_timeout: '5s',
};

export interface EximConfigInput {
  hostname: string;
  domain: string;
  subnet: string;
  route: Route;
  options: EximOptions;
  /** A dual-stack run: look up AAAA records and connect over IPv6 too. */
  ipv6?: boolean;
  /** The harness's test timing (default), or none of it (shipped, own). */
  testTiming?: boolean;
  /** The client's clock runs fast: its variables must survive Exim's environment purge. */
  clocked?: boolean;
}

/** Debian's queue run interval (/etc/default/exim4 QUEUEINTERVAL; exim-start's -q30m away from test timing), the daemon's alarm between runs. */
export const SHIPPED_QUEUE_INTERVAL = '30m';

/** Debian's exim4 retry rule as shipped (conf.d/retry/30_exim4-config). */
export const SHIPPED_RETRY = 'F,2h,15m; G,16h,1h,1.5; F,4d,6h';

/** Exim's own defaults for the transport's timeouts (spec, smtp transport), in seconds: what shipped timing waits. */
export const EXIM_SHIPPED_TIMEOUTS_S = { connect_timeout: 300, command_timeout: 300, data_timeout: 300, final_timeout: 600 };

/** `host::port`: Exim's way of giving a port in a colon-separated host list (quoted in route_list, or its spaces split the rule). */
const hostWithPort = (relay: RelayHost) => `${relay.host}::${relay.port ?? 25}`;

function router(route: Route): string {
  switch (route.via) {
    case 'mx':
      return 'dnslookup:\n  driver = dnslookup\n  transport = remote_smtp\n  no_more';
    case 'srv':
      // SRV first for the recipient domain; when there is an SRV record no MX is sought.
      return `dnslookup:\n  driver = dnslookup\n  check_srv = ${route.service}\n  transport = remote_smtp\n  no_more`;
    case 'hosts':
      return `smarthosts:\n  driver = manualroute\n  transport = remote_smtp\n  route_list = * "${route.hosts.map(hostWithPort).join(' : ')}" byname\n  hosts_randomize = ${route.order === 'random'}\n  no_more`;
  }
}

/** The whole exim4.conf: one file, read before Debian's generated configuration. */
export function renderEximConfig(input: EximConfigInput): string {
  const main: EximOptions = {
    primary_hostname: input.hostname,
    qualify_domain: input.domain,
    // Mail from the harness's submitter and the run's network is relayed; nothing is local.
    daemon_smtp_ports: '25',
    disable_ipv6: input.ipv6 ? 'false' : 'true',
    acl_smtp_rcpt: 'acl_check_rcpt',
    log_file_path: '/var/log/exim4/%slog',
    // Milliseconds for time-to-failover; the port of each host tried.
    log_selector: '+millisec +outgoing_port',
    host_lookup: '',
    // Said explicitly, or Exim warns at every start that it purges the environment. On a fast clock
    // the deliveries it re-executes keep the clock and its shared start.
    keep_environment: input.clocked ? 'FAKETIME : FAKETIME_SHARED' : '',
    rfc1413_hosts: '',
    tls_advertise_hosts: '',
    // Deliver every message at once however many come in one connection (default: queue after 10),
    // and in parallel, as the Postfix client's concurrency allows.
    smtp_accept_queue_per_connection: '0',
    smtp_accept_max: '200',
    remote_max_parallel: '20',
    queue_run_max: '20',
    // A bounce is sent, never frozen for hours.
    ignore_bounce_errors_after: '0s',
    timeout_frozen_after: '1m',
    ...input.options,
  };
  const transport = {
    driver: 'smtp',
    ...(input.testTiming === false ? {} : EXIM_TIMING),
    hosts_avoid_tls: '*',
    // Exim's default tries TCP Fast Open everywhere: connect() then returns at once even to a dead
    // host, and the try costs command_timeout instead of connect_timeout (seen: 6.2 s, not 1 s).
    hosts_try_fastopen: ':',
    ...(input.route.fallback ? { fallback_hosts: hostWithPort(input.route.fallback) } : {}),
  };
  return [
    ...Object.entries(main).map(([name, value]) => `${name} = ${value}`),
    `hostlist relay_from_hosts = 127.0.0.1 : ${input.subnet}`,
    '',
    'begin acl',
    'acl_check_rcpt:',
    '  accept hosts = +relay_from_hosts',
    '  deny message = relay not permitted',
    '',
    'begin routers',
    router(input.route),
    '',
    'begin transports',
    'remote_smtp:',
    ...Object.entries(transport).map(([name, value]) => `  ${name} = ${value}`),
    '',
    'begin retry',
    // Test timing: every 1 s for an hour, so a host that failed is tried again at once; else as Debian ships it.
    input.testTiming === false ? `*  *  ${SHIPPED_RETRY}` : '*  *  F,1h,1s',
    '',
  ].join('\n');
}

/** The log's selectors the harness reads each try by: its time to the millisecond, the port it went to. */
const HARNESS_LOG_SELECTOR = '+millisec +outgoing_port';
const CLOCK_ENVIRONMENT = 'FAKETIME : FAKETIME_SHARED';

/**
 * What the harness lays over a site's whole configure, by main option, from the file's own value:
 * where the log goes and what it says of each try, and (on a fast clock) the clock's variables
 * kept through Exim's environment purge. Nothing else of the file changes.
 */
function eximOverlay(clocked: boolean): Record<string, (own: string | undefined) => string> {
  return {
    log_file_path: () => '/var/log/exim4/%slog',
    log_selector: (own) => [own, HARNESS_LOG_SELECTOR].filter(Boolean).join(' '),
    ...(clocked ? { keep_environment: (own: string | undefined) => [own, CLOCK_ENVIRONMENT].filter(Boolean).join(' : ') } : {}),
  };
}

/** A site's whole configure as the client runs it: the file, with the harness's overlay. */
export function ownEximConfig(config: string, clocked: boolean): string {
  return overlayEximMain(config, eximOverlay(clocked));
}

/** The overlay's NOTEs: each option of the file the harness changes, by file and line. */
export function eximOverlayNotes(config: string, file: string): string[] {
  const read = parseEximConfigure(config, file);
  const why: Record<string, string> = {
    log_file_path: 'the log goes where the harness reads it (/var/log/exim4/mainlog)',
    log_selector: `the harness adds ${HARNESS_LOG_SELECTOR} (each try's time and port, read from the log)`,
    keep_environment: `the harness adds ${CLOCK_ENVIRONMENT} (the client's fast clock, kept through Exim's environment purge)`,
  };
  return Object.entries(why).filter(([name]) => read.main[name]).map(([name, note]) => `${file} line ${read.main[name].line} sets ${name} = ${read.main[name].value || '(empty)'}: ${note}`);
}

/** Exim's time values (spec 6.15): 30s, 5m, 1h30m, a bare number of seconds. */
export const eximSeconds = (value: string): number | undefined => durationSeconds(value);

/** The smtp transports' whole-second timeouts as a site's configure sets them, Exim's defaults elsewhere. */
export function eximOwnTimeoutsS(config: string): number[] {
  const transports = parseEximConfigure(config).transports.filter((transport) => transport.options.driver?.value === 'smtp');
  return transports.flatMap((transport) => Object.entries(EXIM_SHIPPED_TIMEOUTS_S).map(([name, seconds]) => {
    const own = transport.options[name]?.value;
    return (own === undefined ? undefined : eximSeconds(own)) ?? seconds;
  }));
}
