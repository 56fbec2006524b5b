/** What an address plan needs of a server: its name, and the host number it asks for. */
type Placed = { name: string; hostNumber?: number };

export const DNS_HOST_NUMBER = 2;
export const CLIENT_HOST_NUMBER = 3;
/** The caching resolver, when a scenario asks for one. */
export const RESOLVER_HOST_NUMBER = 4;
const FIRST_SERVER_HOST_NUMBER = 10;

/** Last octet of each member's fixed address: dns .2, client .3, servers from .10 in order unless pinned. */
export function hostNumbers(servers: Placed[]): Map<string, number> {
  const numbers = new Map<string, number>([['dns', DNS_HOST_NUMBER], ['client', CLIENT_HOST_NUMBER], ['resolver', RESOLVER_HOST_NUMBER]]);
  const pinned = new Set(servers.map((server) => server.hostNumber).filter((n): n is number => n !== undefined));
  let next = FIRST_SERVER_HOST_NUMBER;
  for (const server of servers) {
    if (server.hostNumber !== undefined) {
      numbers.set(server.name, server.hostNumber);
      continue;
    }
    while (pinned.has(next)) next++;
    numbers.set(server.name, next++);
  }
  return numbers;
}

/**
 * Full addresses for a network prefix such as "10.213.47"; on a dual-stack run also each member's
 * IPv6 address as `v6:<name>`, the same host number in the /64 (written as hex digits: .10 is ::10).
 */
export function addressesFor(servers: Placed[], prefix: string, prefix6?: string): Map<string, string> {
  return new Map([...hostNumbers(servers)].flatMap(([name, n]) => [
    [name, `${prefix}.${n}`] as [string, string],
    ...(prefix6 ? [[`v6:${name}`, address6Of(prefix6, n)] as [string, string]] : []),
  ]));
}

/** A member's IPv6 address on a dual-stack run: its host number in the /64, as hex digits (.10 is ::10). */
export function address6Of(prefix6: string, hostNumber: number | string): string {
  return `${prefix6}::${hostNumber}`;
}
