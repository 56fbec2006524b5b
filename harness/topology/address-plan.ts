/** What an address plan needs of a server: its name, and the host number it asks for. */
type Placed = { name: string; hostNumber?: number };

/** Where the harness's own members sit unless a scenario says (its files name them elsewhere). */
export interface MemberHostNumbers {
  dns?: number;
  client?: number;
  /** Only with a caching resolver: no address is taken for one a run does not have. */
  resolver?: number;
}

/** The members of a run that take addresses: its servers, the DNS, the client, and a resolver when asked for. */
export interface HostPlanInput {
  servers: Placed[];
  hostNumbers?: MemberHostNumbers;
  cachingResolver?: boolean;
}

export const DNS_HOST_NUMBER = 2;
export const CLIENT_HOST_NUMBER = 3;
/** The caching resolver, when a scenario asks for one. */
export const RESOLVER_HOST_NUMBER = 4;
const FIRST_SERVER_HOST_NUMBER = 10;
const LAST_HOST_NUMBER = 254;

/**
 * Last octet of each member's fixed address: dns .2, client .3 (a resolver .4 when there is one)
 * unless the scenario places them; servers where pinned, the others from .10 on, skipping every
 * number taken. Clashes are validation's to refuse (memberClashes); here the later one wins.
 */
export function hostNumbers(plan: HostPlanInput): Map<string, number> {
  const own = plan.hostNumbers ?? {};
  const numbers = new Map<string, number>([['dns', own.dns ?? DNS_HOST_NUMBER], ['client', own.client ?? CLIENT_HOST_NUMBER]]);
  if (plan.cachingResolver) numbers.set('resolver', own.resolver ?? RESOLVER_HOST_NUMBER);
  const taken = new Set([...numbers.values(), ...plan.servers.map((server) => server.hostNumber).filter((n): n is number => n !== undefined)]);
  let next = FIRST_SERVER_HOST_NUMBER;
  for (const server of plan.servers) {
    if (server.hostNumber !== undefined) {
      numbers.set(server.name, server.hostNumber);
      continue;
    }
    while (taken.has(next)) next++;
    numbers.set(server.name, next);
    taken.add(next++);
  }
  return numbers;
}

/** Two members on one host number, each pair as "a and b at N". */
export function memberClashes(plan: HostPlanInput): string[] {
  const own = plan.hostNumbers ?? {};
  const asked: [string, number][] = [
    ['the DNS', own.dns ?? DNS_HOST_NUMBER],
    ['the client', own.client ?? CLIENT_HOST_NUMBER],
    ...(plan.cachingResolver ? [['the caching resolver', own.resolver ?? RESOLVER_HOST_NUMBER] as [string, number]] : []),
    ...plan.servers.flatMap((server) => (server.hostNumber !== undefined ? [[`server ${server.name}`, server.hostNumber] as [string, number]] : [])),
  ];
  const first = new Map<number, string>();
  const clashes: string[] = [];
  for (const [who, n] of asked) {
    const holder = first.get(n);
    if (holder) clashes.push(`${holder} and ${who} are both at host number ${n}`);
    else first.set(n, who);
  }
  return clashes;
}

/**
 * The engine's gateway (the host's own address on the run's network, from which the harness
 * submits and reads): .1 unless a member is there or the scenario's files name .1, else the
 * highest number neither a member nor the files use. An address the files name that no member
 * holds is then nobody's, and a connect to it fails as to a dead host on a LAN (no ARP answer),
 * never with the host's own "Connection refused".
 */
export function gatewayHostNumber(plan: HostPlanInput, named: Iterable<number> = []): number {
  const used = new Set([...hostNumbers(plan).values(), ...named]);
  if (!used.has(1)) return 1;
  for (let n = LAST_HOST_NUMBER; n > 1; n--) if (!used.has(n)) return n;
  throw new Error('no host number is left for the gateway: the members and the files use all 254');
}

/** Host numbers a text names as {{net:N}} (a site's address no member may hold). */
export function netNumbersIn(text: string): number[] {
  return [...text.matchAll(/\{\{\s*net:(\d+)\s*\}\}/g)].map((match) => Number(match[1]));
}

/**
 * Full addresses for a network prefix such as "10.213.47"; on a dual-stack run also each member's
 * IPv6 address as `v6:<name>`, the same host number in the /64 (written as hex digits: .10 is ::10).
 */
export function addressesFor(plan: HostPlanInput, prefix: string, prefix6?: string): Map<string, string> {
  return new Map([...hostNumbers(plan)].flatMap(([name, n]) => [
    [name, `${prefix}.${n}`] as [string, string],
    ...(prefix6 ? [[`v6:${name}`, address6Of(prefix6, n)] as [string, string]] : []),
  ]));
}

/** A member's IPv6 address on a dual-stack run: its host number in the /64, as hex digits (.10 is ::10). */
export function address6Of(prefix6: string, hostNumber: number | string): string {
  return `${prefix6}::${hostNumber}`;
}
