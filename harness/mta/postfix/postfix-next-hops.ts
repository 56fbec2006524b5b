import type { ZoneRecords } from '../../files/zone-records';
import { mxHops, servicePort, type NextHop, type NextHops } from '../next-hop';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** One destination of relayhost or smtp_fallback_relay: `[host]:port`, `host:service`, `host`. */
function destination(text: string): { host: string; bracketed: boolean; service?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\S+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1], bracketed: true, service: bracketed[2] };
  const [host, service] = text.split(':');
  return { host, bracketed: false, service };
}

/** The lookup tables a setting names, by path: `hash:/etc/postfix/transport` → /etc/postfix/transport (files only). */
export function postfixTables(settings: Record<string, string>): string[] {
  return (settings.transport_maps ?? '').split(/[\s,]+/).filter(Boolean).flatMap((map) => {
    const match = /^(?:hash|btree|lmdb|cdb|texthash|dbm):(\/\S+)$/.exec(map);
    return match ? [match[1]] : [];
  });
}

/**
 * The transport(5) entry for a domain in the first table that has one: exact, then `.parent` for a
 * subdomain, then `*`. A key given twice is kept once, the first (postmap warns of the others).
 */
function transportEntry(settings: Record<string, string>, domain: string, tables: Record<string, string>, notes: string[]): { table: string; line: number; transport: string; nexthop: string } | undefined {
  for (const path of postfixTables(settings)) {
    const text = tables[path];
    if (text === undefined) continue;
    // Continuation lines begin with whitespace; comments with #.
    const entries: { key: string; value: string; line: number }[] = [];
    text.split('\n').forEach((raw, i) => {
      if (/^\s*(#|$)/.test(raw)) return;
      if (/^\s/.test(raw) && entries.length) entries[entries.length - 1].value += ` ${raw.trim()}`;
      else {
        const [key, ...value] = raw.trim().split(/\s+/);
        entries.push({ key: key.toLowerCase(), value: value.join(' '), line: i + 1 });
      }
    });
    const parents = domain.split('.').slice(1).map((_, i, labels) => `.${labels.slice(i).join('.')}`);
    for (const key of [domain.toLowerCase(), ...parents, '*']) {
      const found = entries.filter((entry) => entry.key === key);
      if (!found.length) continue;
      for (const later of found.slice(1)) notes.push(`${path} line ${later.line}: a second entry for ${key} ("${later.value}"): postmap keeps the first (line ${found[0].line}), so this one is never used`);
      const [transport, ...rest] = found[0].value.split(':');
      return { table: path, line: found[0].line, transport, nexthop: rest.join(':') };
    }
  }
  return undefined;
}

/**
 * Where Postfix hands mail, as postconf(5) and transport(5) say it finds it: a transport_maps entry
 * for the domain first (its next hop, or a list of them since Postfix 3.5); else relayhost, empty
 * the recipient domain's MX (the A record when it has none); `[host]` the host's addresses, no MX
 * lookup; `host` its MX; `host:service` with use_srv_lookup naming the service, the SRV records
 * `_service._tcp.host`; smtp_fallback_relay after all of them. A transport other than smtp, a table
 * that is not a file, and a default_transport other than smtp are said, not guessed.
 */
export function postfixNextHops(settings: Record<string, string>, domain: string, zone: ZoneRecords, tables: Record<string, string> = {}): NextHops {
  const srvServices = (settings.use_srv_lookup ?? '').split(/[\s,]+/).filter(Boolean);
  const list = (value: string | undefined) => (value ?? '').split(/[\s,]+/).filter(Boolean);
  const hops: NextHop[] = [];
  const hopsOf = (text: string, setting: string, fallback: boolean, base: number) => {
    const { host, bracketed, service } = destination(text);
    const port = servicePort(service);
    if (IPV4.test(host)) return [{ host, port, addresses: [host], order: base, via: `address (${setting})`, fallback }];
    if (bracketed) return [{ host: host.toLowerCase(), port, addresses: zone.addresses(host), order: base, via: `A of ${host} (${setting})`, fallback }];
    if (service && srvServices.includes(service)) {
      return zone.srv(`_${service}._tcp.${host}`).map((record) => ({ host: record.host, port: record.port, addresses: zone.addresses(record.host), order: base + record.priority, weight: record.weight, via: `SRV _${service}._tcp.${host} (${setting}, use_srv_lookup)`, fallback }));
    }
    return mxHops(zone, host, { port, via: setting, fallback, base });
  };
  const notes: string[] = [];
  const unread: string[] = [];
  const entry = transportEntry(settings, domain, tables, notes);
  // A list of next hops is tried in order: each later destination after every host of the one before.
  const STEP = 100_000;
  const relayhost = list(settings.relayhost);
  let primary = relayhost.length ? relayhost : [domain];
  let setting = relayhost.length ? 'relayhost' : `the recipient domain ${domain}`;
  if (entry && entry.transport && entry.transport !== 'smtp') unread.push(`${entry.table} line ${entry.line}: transport ${entry.transport} for ${domain}: only smtp is read`);
  else if (entry) {
    setting = `transport_maps, ${entry.table} line ${entry.line}`;
    const items = list(entry.nexthop);
    // transport(5) names the transport once, before the first next hop: "smtp:[a]:25, smtp:[b]:25"
    // gives Postfix a second item it cannot parse. Read as meant, and said.
    items.forEach((item, i) => {
      if (i > 0 && /^[a-z]+:\[/.test(item)) notes.push(`${entry.table} line ${entry.line}: next hop ${i + 1} "${item}" names its transport again: transport(5) takes the transport once, before the first next hop, and Postfix refuses such an item ("valid hostname or network address required"); read here as the list it means`);
    });
    const hopsText = items.map((item) => item.replace(/^[a-z]+:(?=\[)/, ''));
    if (hopsText.length) primary = hopsText;
  }
  primary.forEach((text, i) => hops.push(...hopsOf(text, setting, false, i * STEP)));
  list(settings.smtp_fallback_relay ?? settings.fallback_relay).forEach((text, i) => hops.push(...hopsOf(text, 'smtp_fallback_relay', true, (primary.length + i) * STEP)));
  const unreadTables = (settings.transport_maps ?? '').split(/[\s,]+/).filter(Boolean).filter((map) => !postfixTables({ transport_maps: map }).some((path) => tables[path] !== undefined));
  unread.push(
    ...unreadTables.map((map) => `transport_maps names ${map}: ${postfixTables({ transport_maps: map }).length ? 'its table was not given' : 'only tables in files (hash:, lmdb:, texthash: ...) are read'}`),
    ...(settings.default_transport && settings.default_transport !== 'smtp' ? [`default_transport = ${settings.default_transport}: mail does not leave by smtp as read here`] : []),
    ...(settings.sender_dependent_relayhost_maps ? [`sender_dependent_relayhost_maps = ${settings.sender_dependent_relayhost_maps}: per-sender relays are not read yet`] : []),
  );
  // postconf(5)'s defaults where the file sets none.
  const waits = { connect: `smtp_connect_timeout = ${settings.smtp_connect_timeout ?? '30s'}`, greeting: `smtp_helo_timeout = ${settings.smtp_helo_timeout ?? '300s'}` };
  return { hops, unread, waits, notes };
}
