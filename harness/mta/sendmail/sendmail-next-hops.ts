import type { ZoneRecords } from '../../files/zone-records';
import { originOf } from '../../files/file-origin';
import type { ClientChoice } from '../client-mta';
import { mxHops, type NextHop, type NextHops } from '../next-hop';
import { readSendmailMc, sendmailSeconds, type McDefine } from './sendmail-mc';
import { SHIPPED_QUEUE_INTERVAL } from './sendmail-settings';

// A list's place in a route: each item 1000 apart, an item's MX preferences within it; fallbacks after all.
const STEP = 1000;
const FALLBACK = 100_000;

/** The mailer whose arguments give the port (cf/README, "MAILER ARGS"): `TCP $h 2525`. */
const MAILER_ARGS: Record<string, string> = { relay: 'RELAY_MAILER_ARGS', esmtp: 'ESMTP_MAILER_ARGS', smtp: 'SMTP_MAILER_ARGS', smtp8: 'SMTP8_MAILER_ARGS', dsmtp: 'DSMTP_MAILER_ARGS' };

/** Sendmail's own default for a timeout the .mc leaves unset (op.me 5.6, "Timeouts"); connect 0 is the kernel's. */
const DEFAULT_TIMEOUT: Record<string, string> = { confTO_CONNECT: '0s', confTO_INITIAL: '5m', confTO_HOSTSTATUS: '30m' };

/**
 * Where Sendmail hands mail for a remote domain, as a whole sendmail.mc says (cf/README): SMART_HOST's
 * hosts in the list's order (`mailer:[a]:[b]`; a bracketed host by its address records, a bare one by
 * its MX), else the domain's MX; confFALLBACK_MX and confFALLBACK_SMARTHOST after all of them. The
 * port is the mailer's (`TCP $h 2525` in its MAILER_ARGS). The mailertable, MAIL_HUB's and
 * LUSER_RELAY's local routing are not followed; a mailertable is said, not guessed.
 */
export function sendmailNextHops(client: ClientChoice, domain: string, zone: ZoneRecords): NextHops {
  const file = (client.config && originOf(client.config)?.file) ?? 'sendmail.mc';
  const mc = readSendmailMc(client.config ?? '', file);
  const at = (define: McDefine) => `${file} line ${define.line}`;
  const unread: string[] = [];
  const notes: string[] = [];
  const hops: NextHop[] = [];
  if (mc.features.mailertable) unread.push(`${file} line ${mc.features.mailertable}: FEATURE(\`mailertable') routes domains by a table the audit does not read`);
  const portOf = (mailer: string) => {
    const args = mc.defines[MAILER_ARGS[mailer] ?? ''];
    return Number(/^\s*(?:TCP|IPC)\s+\$h\s+(\d+)/.exec(args?.value ?? '')?.[1] ?? 25);
  };
  // One host of a list: `[name]` its address records alone, `name` its MX.
  const hostsOf = (item: string, port: number, base: number, via: string, fallback: boolean): NextHop[] => {
    const bracketed = /^\[(.+)\]$/.exec(item);
    if (!bracketed) return mxHops(zone, item, { port, via, fallback, base });
    const host = bracketed[1].toLowerCase();
    return [{ host, port, addresses: /^\d+(\.\d+){3}$/.test(host) ? [host] : zone.addresses(host), order: base, via, fallback }];
  };
  const smart = mc.defines.SMART_HOST;
  if (smart?.value) {
    const [, mailer = 'relay', list] = /^(?:(relay|esmtp|smtp|smtp8|dsmtp):)?(.*)$/.exec(smart.value) ?? [];
    const items = list.match(/\[[^\]]*\]|[^:]+/g) ?? [];
    items.forEach((item, index) => hops.push(...hostsOf(item, portOf(mailer), index * STEP, `SMART_HOST, ${at(smart)}`, false)));
  } else {
    hops.push(...mxHops(zone, domain, { port: portOf('esmtp'), via: 'Sendmail by MX', fallback: false }));
  }
  (['confFALLBACK_MX', 'confFALLBACK_SMARTHOST'] as const).forEach((name, index) => {
    const fallback = mc.defines[name];
    if (fallback?.value) hops.push(...hostsOf(fallback.value, portOf(smart ? 'relay' : 'esmtp'), FALLBACK + index * STEP, `${name}, ${at(fallback)}`, true));
  });
  const timeout = (define: string) => {
    const own = mc.defines[define];
    return { value: own?.value ?? DEFAULT_TIMEOUT[define], where: own ? at(own) : "Sendmail's default" };
  };
  // A message's first connect is bounded by Timeout.iconnect where set, every later one by Timeout.connect.
  const connect = mc.defines.confTO_ICONNECT ? 'confTO_ICONNECT' : 'confTO_CONNECT';
  const waits = { connect: `Timeout.${connect.slice(7).toLowerCase()} = ${timeout(connect).value}`, greeting: `Timeout.initial = ${timeout('confTO_INITIAL').value}` };
  // Deferred mail waits for the daemon's next queue run (and its minimum age, where the .mc sets one).
  const minAge = mc.defines.confMIN_QUEUE_AGE;
  const interval = sendmailSeconds(SHIPPED_QUEUE_INTERVAL)!;
  const retry = {
    ms: (interval + (minAge ? sendmailSeconds(minAge.value) ?? 0 : 0)) * 1000,
    setting: `a queue run every ${SHIPPED_QUEUE_INTERVAL} (Debian's sendmail.conf QUEUE_INTERVAL)${minAge ? `, confMIN_QUEUE_AGE = ${minAge.value} (${at(minAge)})` : ''}`,
  };
  // With a host status directory, every delivery process shares what the others found (op.me, HostStatusDirectory).
  const statusDir = mc.defines.confHOST_STATUS_DIRECTORY;
  const hostStatus = timeout('confTO_HOSTSTATUS');
  const hostRetry = statusDir?.value
    ? `Sendmail passes over a host that failed until its status times out, ${hostStatus.value} later by Timeout.hoststatus (${hostStatus.where}), its status kept for every delivery in ${statusDir.value} (${at(statusDir)}), even once the host is back`
    : undefined;
  return { hops, unread, waits, notes, retry, ...(hostRetry ? { hostRetry } : {}) };
}
