import type { ZoneRecords } from '../files/zone-records';
import type { FaultCost } from '../model/fault-record';

/** A host a client's own configuration can hand mail to, as its lookups find it in the site's zone. */
export interface NextHop {
  /** The host's name (absolute, no final dot) or its address when the configuration gives one. */
  host: string;
  port: number;
  /** Its addresses in the zone (the address itself for an address literal); empty: a name with none. */
  addresses: string[];
  /** Tried before a higher number: an MX preference, an SRV priority, a place in a list. */
  order: number;
  weight?: number;
  /** How the client finds it, and in which setting, e.g. "MX of example.com (relayhost)". */
  via: string;
  /** A host the client goes to only when the others fail (a fallback relay). */
  fallback: boolean;
}

/** What a client's configuration says of where mail goes, read against the site's zone. */
export interface NextHops {
  hops: NextHop[];
  /** Settings that route mail which this reading does not follow yet, each a sentence naming it. */
  unread: string[];
  /** What each kind of wait costs the client by its own file (or the MTA's default where it sets none), as `name = value`. */
  waits: Partial<Record<FaultCost, string>>;
  /** What the reading found that the MTA reads otherwise than an admin may think (a duplicate key kept once), each a sentence. */
  notes: string[];
  /** How long mail every host deferred may wait for its next try, at the client's clock, and the file's words for it; absent: the harness's default wait covers it. */
  retry?: { ms: number; setting: string };
  /** Why a host that failed is passed over until its retry time even once it is back (a retry hint), as a sentence; absent: each delivery tries the route afresh. */
  hostRetry?: string;
}

const SERVICE_PORTS: Record<string, number> = { smtp: 25, submission: 587, submissions: 465, smtps: 465 };

/** A port as a configuration names it: a number, or a service of /etc/services (smtp, submission); 25 when none. */
export const servicePort = (text: string | undefined): number => (text === undefined ? 25 : /^\d+$/.test(text) ? Number(text) : SERVICE_PORTS[text] ?? 25);

/**
 * The hosts mail for `name` goes to by its MX records, each at `base` plus its preference; the name's
 * own address when it has none (RFC 5321 §5.1); none for a null MX (RFC 7505). `via` says which
 * setting led there.
 */
export function mxHops(zone: ZoneRecords, name: string, hop: { port: number; via: string; fallback: boolean; base?: number }): NextHop[] {
  const { port, via, fallback, base = 0 } = hop;
  const mx = zone.mx(name);
  if (mx.length === 0) return [{ host: name.toLowerCase(), port, addresses: zone.addresses(name), order: base, via: `A of ${name}, no MX (${via})`, fallback }];
  return mx.filter((record) => record.host !== '').map((record) => ({ host: record.host, port, addresses: zone.addresses(record.host), order: base + record.preference, via: `MX of ${name} (${via})`, fallback }));
}
