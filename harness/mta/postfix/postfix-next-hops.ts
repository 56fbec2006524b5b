import type { ZoneRecords } from '../../files/zone-records';
import type { NextHop, NextHops } from '../next-hop';

const SERVICE_PORTS: Record<string, number> = { smtp: 25, submission: 587, submissions: 465 };
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** One destination of relayhost or smtp_fallback_relay: `[host]:port`, `host:service`, `host`. */
function destination(text: string): { host: string; bracketed: boolean; service?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\S+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1], bracketed: true, service: bracketed[2] };
  const [host, service] = text.split(':');
  return { host, bracketed: false, service };
}

/**
 * Where Postfix hands mail, as postconf(5) says it finds it: relayhost empty, the recipient
 * domain's MX (the A record when it has none); `[host]` the host's addresses, no MX lookup; `host`
 * its MX; `host:service` with use_srv_lookup naming the service, the SRV records
 * `_service._tcp.host`; smtp_fallback_relay after all of them. transport_maps and a
 * default_transport other than smtp route mail this reading does not follow yet: said, not guessed.
 */
export function postfixNextHops(settings: Record<string, string>, domain: string, zone: ZoneRecords): NextHops {
  const srvServices = (settings.use_srv_lookup ?? '').split(/[\s,]+/).filter(Boolean);
  const list = (value: string | undefined) => (value ?? '').split(/[\s,]+/).filter(Boolean);
  const hops: NextHop[] = [];
  const hopsOf = (text: string, setting: string, fallback: boolean, base: number) => {
    const { host, bracketed, service } = destination(text);
    const port = service === undefined ? 25 : /^\d+$/.test(service) ? Number(service) : SERVICE_PORTS[service] ?? 25;
    if (IPV4.test(host)) return [{ host, port, addresses: [host], order: base, via: `address (${setting})`, fallback }];
    if (bracketed) return [{ host: host.toLowerCase(), port, addresses: zone.addresses(host), order: base, via: `A of ${host} (${setting})`, fallback }];
    if (service && srvServices.includes(service)) {
      return zone.srv(`_${service}._tcp.${host}`).map((record) => ({ host: record.host, port: record.port, addresses: zone.addresses(record.host), order: base + record.priority, weight: record.weight, via: `SRV _${service}._tcp.${host} (${setting}, use_srv_lookup)`, fallback }));
    }
    const mx = zone.mx(host);
    if (mx.length === 0) return [{ host: host.toLowerCase(), port, addresses: zone.addresses(host), order: base, via: `A of ${host}, no MX (${setting})`, fallback }];
    return mx.filter((record) => record.host !== '').map((record) => ({ host: record.host, port, addresses: zone.addresses(record.host), order: base + record.preference, via: `MX of ${host} (${setting})`, fallback }));
  };
  const relayhost = list(settings.relayhost);
  // A list is tried in order: each later destination after every host of the one before.
  const STEP = 100_000;
  const primary = relayhost.length ? relayhost : [domain];
  primary.forEach((text, i) => hops.push(...hopsOf(text, relayhost.length ? 'relayhost' : `the recipient domain ${domain}`, false, i * STEP)));
  list(settings.smtp_fallback_relay ?? settings.fallback_relay).forEach((text, i) => hops.push(...hopsOf(text, 'smtp_fallback_relay', true, (primary.length + i) * STEP)));
  const unread = [
    ...(settings.transport_maps ? [`transport_maps = ${settings.transport_maps}: per-domain next hops are not read yet`] : []),
    ...(settings.default_transport && settings.default_transport !== 'smtp' ? [`default_transport = ${settings.default_transport}: mail does not leave by smtp as read here`] : []),
    ...(settings.sender_dependent_relayhost_maps ? [`sender_dependent_relayhost_maps = ${settings.sender_dependent_relayhost_maps}: per-sender relays are not read yet`] : []),
  ];
  // postconf(5)'s defaults where the file sets none.
  const waits = { connect: `smtp_connect_timeout = ${settings.smtp_connect_timeout ?? '30s'}`, greeting: `smtp_helo_timeout = ${settings.smtp_helo_timeout ?? '300s'}` };
  return { hops, unread, waits };
}
