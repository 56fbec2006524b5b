/** A relay host of a route: a name the zone serves (or a server's name) and its port. */
export interface RelayHost {
  host: string;
  port?: number;
}

/**
 * What the client does with mail, said once for every MTA; each adapter turns it into its own
 * configuration (Postfix main.cf, Exim routers, smtpd.conf).
 */
export type Route =
  | { via: 'mx'; fallback?: RelayHost }
  | { via: 'srv'; service: string; fallback?: RelayHost }
  | { via: 'hosts'; hosts: RelayHost[]; order: 'in-order' | 'random'; fallback?: RelayHost };

/** Deliver by the recipient domain's MX records (RFC 5321 §5), each message making its own pick. */
export function byMx(options: { fallback?: RelayHost } = {}): Route {
  return { via: 'mx', ...options };
}

/** Relay through the SRV records `_service._tcp.<domain>` (RFC 6186/2782), e.g. viaSrv('submission'). */
export function viaSrv(service: string, options: { fallback?: RelayHost } = {}): Route {
  return { via: 'srv', service, ...options };
}

/** Relay through a fixed list of hosts, tried in order or in a random order per message. */
export function viaHosts(hosts: (string | RelayHost)[], options: { order?: 'in-order' | 'random'; fallback?: RelayHost } = {}): Route {
  return { via: 'hosts', hosts: hosts.map((h) => (typeof h === 'string' ? { host: h } : h)), order: options.order ?? 'in-order', fallback: options.fallback };
}

export function describeRoute(route: Route): string {
  const fallback = route.fallback ? `, fallback ${route.fallback.host}` : '';
  switch (route.via) {
    case 'mx': return `by MX${fallback}`;
    case 'srv': return `via SRV _${route.service}._tcp${fallback}`;
    case 'hosts': return `via hosts ${route.hosts.map((h) => h.host).join(', ')} (${route.order})${fallback}`;
  }
}

/** Every host a route names, its fallback included. */
export function routeHosts(route: Route): RelayHost[] {
  return [...(route.via === 'hosts' ? route.hosts : []), ...(route.fallback ? [route.fallback] : [])];
}

/** The route with each host's {{server}} placeholder given by `fill` (the run's addresses). */
export function mapRouteHosts(route: Route, fill: (host: string) => string): Route {
  const mapped = (relay: RelayHost): RelayHost => ({ ...relay, host: fill(relay.host) });
  const fallback = route.fallback ? { fallback: mapped(route.fallback) } : {};
  return route.via === 'hosts' ? { ...route, hosts: route.hosts.map(mapped), ...fallback } : { ...route, ...fallback };
}
