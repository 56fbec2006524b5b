import { ScenarioInputError } from '../util/errors';
import { hostNumbers, type MemberHostNumbers } from '../topology/address-plan';
import { serverKind, type ServerSpec } from '../servers/server-registry';
import { originOf } from './file-origin';

const IPV4 = /\b(\d{1,3}(?:\.\d{1,3}){3})(\/\d{1,2})?\b/g;
const NETWORK = /^(\d{1,3}\.\d{1,3}\.\d{1,3})\.0\/24$/;

/** Settings that list networks (who may relay, who is refused), not hosts to connect to. */
const listsNetworks = (name: string) => /networks$|_restrictions$|_access$|_maps$/.test(name);

export interface OwnNetworkInput {
  network: string;
  zone: string;
  servers: ServerSpec[];
  hostNumbers?: MemberHostNumbers;
  cachingResolver?: boolean;
  clientSettings: Record<string, string>;
  /** The client's whole configuration file (Exim's configure), when given. */
  clientConfig?: string;
  clientFiles?: Record<string, string>;
}

export interface OwnNetworkOutput {
  zone: string;
  servers: ServerSpec[];
  clientSettings: Record<string, string>;
  clientConfig?: string;
  clientFiles?: Record<string, string>;
  notes: string[];
}

/**
 * The scenario's files on the run's own network: every address of the scenario's /24 in the zone
 * or a configuration becomes the run's address with the same host number (a placeholder the
 * topology fills), so that files stay as they are. An address of the /24 that is no server of the
 * run stays an address nobody holds, with a NOTE. A host to connect to outside the /24 and
 * loopback is refused before anything starts, in a sentence naming the file and line.
 */
export function onOwnNetwork(input: OwnNetworkInput): OwnNetworkOutput {
  const prefix = NETWORK.exec(input.network)?.[1];
  if (!prefix) throw new ScenarioInputError(`network: ${input.network} is not a /24 such as 192.168.50.0/24`);
  const byNumber = new Map([...hostNumbers(input)].map(([name, n]) => [n, name]));
  const notes: string[] = [];
  const problems: string[] = [];

  /** One address (or CIDR) as the run has it; undefined when it is outside the /24 and loopback. */
  const mapped = (address: string, cidr: string | undefined, where: string): string | undefined => {
    if (address.startsWith('127.')) return address + (cidr ?? '');
    if (!address.startsWith(`${prefix}.`)) return undefined;
    const n = Number(address.split('.')[3]);
    if (cidr === '/24' && n === 0) return '{{subnet}}';
    if (cidr) return `{{net:${n}}}${cidr}`;
    const name = byNumber.get(n);
    if (name) return `{{${name}}}`;
    notes.push(`${where}: ${address} is no member of the run: nothing answers there (not even the engine's gateway, kept off the addresses the files name), so a connect to it fails as to a dead host on a LAN, once the client's kernel gives up asking for its address (about 3 s)`);
    return `{{net:${n}}}`;
  };

  /** A text's addresses mapped; `reaches` says whether an address outside may stay (it names no host to connect to). */
  const mapText = (text: string, where: (line: number) => string, reaches: (line: string, number: number) => string | undefined): string =>
    text.split('\n').map((line, index) => line.replace(IPV4, (whole, address: string, cidr: string | undefined) => {
      const own = mapped(address, cidr, where(index + 1));
      if (own !== undefined) return own;
      const connects = reaches(line, index + 1);
      if (connects) problems.push(`${where(index + 1)}: ${connects} ${address}, outside the scenario's network ${input.network} and loopback: a run never reaches for an address that is not its own`);
      return whole;
    })).join('\n');

  const zoneFile = originOf(input.zone)?.file ?? 'zone';
  const zone = mapText(input.zone, (line) => `${zoneFile} line ${line}`, (line) => {
    const record = line.replace(/;.*$/, '').trim().split(/\s+/);
    return record.includes('A') ? 'an A record points at' : undefined;
  });
  for (const [index, line] of input.zone.split('\n').entries()) {
    if (/(^|\s)AAAA(\s|$)/.test(line.replace(/;.*$/, ''))) problems.push(`${zoneFile} line ${index + 1}: an AAAA record: the run's network is IPv4 only, and a run never reaches for an address that is not its own`);
  }

  const mapSettings = (settings: Record<string, string>, owner: string): Record<string, string> => {
    const origin = originOf(settings);
    const where = (name: string) => (origin ? `${origin.file} line ${origin.lineOf?.[name] ?? '?'}` : `${owner} ${name}`);
    return Object.fromEntries(Object.entries(settings).map(([name, value]) => [name,
      mapText(value, () => where(name), () => (listsNetworks(name) ? undefined : `${name} = ${value} reaches for`))]));
  };

  const servers = input.servers.map((server) => serverKind(server).mapSettings?.(server, (settings) => mapSettings(settings, server.name)) ?? server);
  const clientSettings = mapSettings(input.clientSettings, 'client');
  // A whole file: an address in its routers or transports is a host to connect to; elsewhere (ACLs, host lists) a network.
  const configFile = input.clientConfig === undefined ? undefined : originOf(input.clientConfig)?.file ?? 'the client\'s configuration';
  const routing = sectionLines(input.clientConfig ?? '', ['routers', 'transports']);
  const clientConfig = input.clientConfig === undefined ? undefined : mapText(input.clientConfig, (line) => `${configFile} line ${line}`, (_, line) => (routing.has(line) ? 'a host to connect to at' : undefined));
  const clientFiles = input.clientFiles && Object.fromEntries(Object.entries(input.clientFiles).map(([path, text]) =>
    [path, mapText(text, (line) => `${path} line ${line}`, () => 'a next hop at')]));
  if (problems.length) throw new ScenarioInputError(problems.join('; '));
  return { zone, servers, clientSettings, clientConfig, clientFiles, notes };
}

/** The numbers of the lines in the named `begin` sections of a configuration file. */
function sectionLines(text: string, sections: string[]): Set<number> {
  const lines = new Set<number>();
  let inside = false;
  text.split('\n').forEach((line, index) => {
    const begin = /^\s*begin\s+(\S+)/.exec(line);
    if (begin) inside = sections.includes(begin[1]);
    else if (inside) lines.add(index + 1);
  });
  return lines;
}
