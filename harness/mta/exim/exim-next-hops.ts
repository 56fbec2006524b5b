import type { ZoneRecords } from '../../files/zone-records';
import { originOf } from '../../files/file-origin';
import type { ClientChoice } from '../client-mta';
import { mxHops, servicePort, type NextHop, type NextHops } from '../next-hop';
import { eximList, parseEximConfigure, type EximConfigure, type EximDriver } from './exim-configure';
import { eximSeconds, SHIPPED_QUEUE_INTERVAL } from './exim-settings';

// A list's place in a route: every host of the list before the fallback hosts; each item 1000 apart, an item's MX preferences within it.
const STEP = 100_000;

/**
 * Whether a domain list matches (spec 10.8): the first item that matches decides, a `!` item
 * against; a list that ends with a negative item matches what nothing else did. `+name` is the
 * main section's `domainlist name`; `@` the primary host name. A lookup is not followed.
 */
function domainListMatches(value: string, domain: string, read: EximConfigure, unread: string[], where: string): boolean {
  const items = eximList(value);
  for (const raw of items) {
    const negated = raw.startsWith('!');
    const item = raw.replace(/^!\s*/, '').toLowerCase();
    let matches: boolean;
    if (item.startsWith('+')) {
      const named = read.main[`domainlist ${item.slice(1)}`];
      matches = named ? domainListMatches(named.value, domain, read, unread, `${where} (+${item.slice(1)})`) : false;
    } else if (item === '*') matches = true;
    else if (item === '@') matches = domain === (read.main.primary_hostname?.value ?? '').toLowerCase();
    else if (item.startsWith('*')) matches = domain.endsWith(item.slice(1));
    else if (item.startsWith('^')) matches = new RegExp(item).test(domain);
    else if (/^[a-z0-9-]*;/.test(item) || item.startsWith('<')) {
      unread.push(`${where}: the domain list item "${raw}" is a lookup or a list of another separator, not followed`);
      matches = false;
    } else matches = item === domain;
    if (matches) return !negated;
  }
  return items.length > 0 && items[items.length - 1].startsWith('!');
}

/** One item of a host list: `name`, `name::port` (read as name:port), `[address]:port`, `name/MX`. */
function hostItem(item: string): { host: string; port?: number; mx: boolean } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(item);
  if (bracketed) return { host: bracketed[1], port: bracketed[2] ? Number(bracketed[2]) : undefined, mx: false };
  const [name, port] = item.split(':');
  return { host: name.replace(/\/MX$/i, '').toLowerCase(), port: port ? Number(port) : undefined, mx: /\/MX$/i.test(name) };
}

/**
 * Where Exim hands mail for a domain, as its routers say it (spec chapters 15, 17, 20): the first
 * router whose `domains` takes the domain and that routes remotely. A manualroute router's
 * route_list (the first rule whose pattern matches) or route_data gives hosts in the list's order,
 * all at once with hosts_randomize or `randomize`; a dnslookup router the domain's MX (its SRV
 * records first with check_srv, its address with no MX). The transport's port, and the router's or
 * transport's fallback_hosts after all of them. What is not followed is said, not guessed.
 */
export function eximNextHops(client: ClientChoice, domain: string, zone: ZoneRecords): NextHops {
  const file = (client.config && originOf(client.config)?.file) ?? 'the configure file';
  const read = parseEximConfigure(client.config ?? '', file);
  const unread: string[] = [];
  const notes: string[] = [];
  const hops: NextHop[] = [];
  const at = (driver: EximDriver, option?: string) => `${file} line ${option ? driver.options[option]?.line ?? driver.line : driver.line}`;
  const router = routerFor(read, domain, unread, (candidate) => at(candidate, 'domains'));
  const transport = router && read.transports.find((candidate) => candidate.name === router.options.transport?.value);
  if (!client.config) unread.push("Exim's whole configure was not given: its routers are what the audit reads");
  else if (read.routers.length === 0) unread.push(`${file} has no routers ("begin routers"): give Exim's whole configure, not its main section or another MTA's file`);
  else if (!router) unread.push(`${file}: no router takes ${domain} (each one's domains excludes it)`);
  else {
    for (const option of ['senders', 'condition', 'local_parts', 'require_files']) {
      if (router.options[option]) notes.push(`${at(router, option)}: router ${router.name}'s ${option} is not read: the audit takes it as passed for the harness's mail`);
    }
    const port = (item?: number) => item ?? servicePort(transport?.options.port?.value);
    const addressesOf = (host: string) => (/^\d+(\.\d+){3}$/.test(host) ? [host] : zone.addresses(host));
    const listHops = (list: string, via: string, fallback: boolean, base: number, randomize: boolean) => eximList(list).forEach((item, index) => {
      const { host, port: own, mx } = hostItem(item);
      if (mx) {
        for (const record of zone.mx(host).filter((r) => r.host !== '')) hops.push({ host: record.host, port: port(own), addresses: zone.addresses(record.host), order: base + (randomize ? 0 : index * 1000) + record.preference, via: `MX of ${host} (${via})`, fallback });
      } else hops.push({ host, port: port(own), addresses: addressesOf(host), order: base + (randomize ? 0 : index * 1000), via: `${via}`, fallback });
    });
    const driver = router.options.driver?.value;
    const randomizeOption = router.options.hosts_randomize?.value === 'true';
    if (driver === 'manualroute') {
      const rules = (router.options.route_list?.value ?? '').split(';').map((rule) => rule.trim()).filter(Boolean);
      const rule = rules.map((text) => /^(\S+)\s+("[^"]*"|\S+)\s*(.*)$/.exec(text)).find((match) => match && domainListMatches(match[1], domain.toLowerCase(), read, [], at(router, 'route_list')));
      const data = rule ? { list: rule[2], options: rule[3] } : router.options.route_data ? (() => {
        const [list, ...options] = router.options.route_data.value.replace(/^"([^"]*)"/, (_, quoted: string) => quoted.replace(/\s+/g, '')).split(/\s+/);
        return { list, options: options.join(' ') };
      })() : undefined;
      if (!data) unread.push(`${at(router)}: router ${router.name} has no route_list rule for ${domain}`);
      else {
        const words = data.options.split(/\s+/);
        const randomize = words.includes('randomize') || (randomizeOption && !words.includes('no_randomize'));
        if (/\$/.test(data.list)) unread.push(`${at(router, rule ? 'route_list' : 'route_data')}: router ${router.name}'s hosts are an expansion, not followed`);
        else listHops(data.list, `router ${router.name}, ${at(router, rule ? 'route_list' : 'route_data')}${randomize ? ', hosts_randomize' : ''}`, false, 0, randomize);
      }
    } else if (driver === 'dnslookup') {
      const service = router.options.check_srv?.value;
      const srv = service ? zone.srv(`_${service}._tcp.${domain}`) : [];
      if (srv.length) {
        for (const record of srv) hops.push({ host: record.host, port: record.port, addresses: zone.addresses(record.host), order: record.priority, weight: record.weight, via: `SRV _${service}._tcp.${domain} (router ${router.name}, check_srv)`, fallback: false });
      } else hops.push(...mxHops(zone, domain, { port: port(), via: `router ${router.name}`, fallback: false }));
    } else unread.push(`${at(router)}: router ${router.name} (driver ${driver ?? 'none'}) takes ${domain} first: only manualroute and dnslookup routers are read`);
    if (router.options.transport && !transport) unread.push(`${at(router, 'transport')}: router ${router.name}'s transport ${router.options.transport.value} is not in the transports section`);
    else if (transport && transport.options.driver?.value !== 'smtp') unread.push(`${at(transport)}: transport ${transport.name} (driver ${transport.options.driver?.value ?? 'none'}): only smtp is read`);
    if (transport?.options.hosts) unread.push(`${at(transport, 'hosts')}: transport ${transport.name}'s own hosts are not read`);
    const fallback = router.options.fallback_hosts ?? transport?.options.fallback_hosts;
    if (fallback) listHops(fallback.value, `fallback_hosts, ${file} line ${fallback.line}`, true, STEP, false);
  }
  // The smtp transport's defaults (spec 30) where the file sets none.
  const option = (name: string, fallback: string) => `${name} = ${transport?.options[name]?.value ?? fallback}`;
  const waits = { connect: option('connect_timeout', '5m'), greeting: option('command_timeout', '5m') };
  // The retry section (spec 32): the first rule for the domain (or *) sets when a deferred host and its mail are tried again.
  const rule = read.retry.map((line) => ({ line: line.line, words: line.value.split(/\s+/) })).find(({ words }) => words[0] === '*' || words[0].toLowerCase() === domain.toLowerCase());
  const first = rule && /^[FGH],[^,;]+,([^,;]+)/.exec(rule.words.slice(2).join(' '));
  const interval = first ? eximSeconds(first[1]) : undefined;
  if (!rule) notes.push(`${file}: no retry rule for ${domain}: Exim bounces what it cannot deliver at once, never queues it`);
  const where = rule ? `retry rule "${rule.words.join(' ')}", ${file} line ${rule.line}` : '';
  return {
    hops, unread, waits, notes,
    ...(interval !== undefined ? {
      retry: { ms: (interval + eximSeconds(SHIPPED_QUEUE_INTERVAL)!) * 1000, setting: `${where}, and a queue run every ${SHIPPED_QUEUE_INTERVAL}` },
      hostRetry: `Exim passes over a host that failed until its retry time, ${first![1]} later by its ${where}, even once the host is back`,
    } : {}),
  };
}

/** The transport a configure's routers hand the domain's mail to, by name (for `exim -bP transport NAME`). */
export function eximTransportFor(config: string, domain: string): string | undefined {
  return routerFor(parseEximConfigure(config), domain, [], () => '')?.options.transport?.value;
}

/** The first router a delivery to the domain passes (verify_only ones are for verification alone). */
function routerFor(read: EximConfigure, domain: string, unread: string[], where: (router: EximDriver) => string): EximDriver | undefined {
  return read.routers.find((candidate) => {
    const { domains, verify_only: verifyOnly } = candidate.options;
    if (verifyOnly?.value === 'true') return false;
    return !domains || domainListMatches(domains.value, domain.toLowerCase(), read, unread, where(candidate));
  });
}
