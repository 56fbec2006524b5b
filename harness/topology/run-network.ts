import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { engineClient } from '../engine/engine-api';
import { SetupError, errorMessage } from '../util/errors';
import { selectedEngine } from '../engine/engine-choice';
import { whileCreating } from './run-cleanup';

/**
 * Subnets are /24s inside a /16 per engine; each engine refuses overlapping pools, so two runs never
 * share one, and Docker's and Podman's runs on one machine never route into each other.
 */
const POOL_PREFIX = { docker: '10.213', podman: '10.214' } as const;
const ATTEMPTS = 40;
/**
 * A dual-stack run's /64: a ULA (RFC 4193, fd00::/8) of the harness's own, with the /24's third
 * octet as its subnet ID, so that it is as unique on the machine as the /24.
 */
const ULA_PREFIX = { docker: 'fd6d:7268:d', podman: 'fd6d:7268:e' } as const;

/**
 * Whether an internal network still carries traffic between its own containers. Docker's always
 * does (it accepts bridge-to-same-bridge forwarding). Netavark adds no forwarding rule for an
 * internal network, so where bridged traffic goes through iptables (br_netfilter, which Docker
 * loads) and Docker's FORWARD policy drops it, a Podman run's containers could not reach each
 * other (measured: the client's DNS queries and SMTP connects failed); there Podman's network
 * keeps its route out.
 */
function internalNetworksWork(): boolean {
  if (selectedEngine() === 'docker') return true;
  try {
    return readFileSync('/proc/sys/net/bridge/bridge-nf-call-iptables', 'utf8').trim() !== '1';
  } catch {
    return true;
  }
}

/** What joining a run's network takes: its name, and its /64 on a dual-stack run. */
export type RunNetworkName = Pick<RunNetwork, 'name' | 'prefix6'>;

export class RunNetwork {
  constructor(
    readonly id: string,
    readonly name: string,
    /** e.g. 10.213.47 — the first three octets of the run's /24 */
    readonly prefix: string,
    /** e.g. fd6d:7268:d:2f — the run's ULA /64 on a dual-stack run */
    readonly prefix6?: string,
    /** The engine's (the host's) own host number on it: .1 unless a member or the scenario's files use .1. */
    readonly gatewayHostNumber = 1,
  ) {}

  get subnet(): string {
    return `${this.prefix}.0/24`;
  }

  get gateway(): string {
    return `${this.prefix}.${this.gatewayHostNumber}`;
  }

  addressOf(hostNumber: number): string {
    return `${this.prefix}.${hostNumber}`;
  }

  static async create(name: string, labels: Record<string, string>, ipv6 = false, gatewayHostNumber = 1): Promise<RunNetwork> {
    const client = await engineClient();
    const first = randomInt(0, 256);
    let lastError: unknown;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const octet = (first + attempt) % 256;
      const prefix = `${POOL_PREFIX[selectedEngine()]}.${octet}`;
      const prefix6 = ipv6 ? `${ULA_PREFIX[selectedEngine()]}:${octet.toString(16)}` : undefined;
      try {
        const network = await whileCreating(() => client.network.create({
          Name: name,
          Driver: 'bridge',
          // No way out: a user's own configuration must not reach the world. The host keeps the
          // gateway address, so the harness still submits to the client and reads the sink.
          Internal: internalNetworksWork(),
          Labels: labels,
          CheckDuplicate: true,
          IPAM: { Driver: 'default', Config: [{ Subnet: `${prefix}.0/24`, Gateway: `${prefix}.${gatewayHostNumber}` }, ...(prefix6 ? [{ Subnet: `${prefix6}::/64`, Gateway: `${prefix6}::${gatewayHostNumber}` }] : [])] },
          ...(prefix6 ? { EnableIPv6: true } : {}),
        }));
        return new RunNetwork(network.id, name, prefix, prefix6, gatewayHostNumber);
      } catch (error) {
        lastError = error;
        if (!/overlap|in use|already used/i.test(errorMessage(error))) break;
      }
    }
    throw new SetupError(`could not create ${ipv6 ? 'a dual-stack (IPv6) ' : ''}network ${name}: ${errorMessage(lastError)}`);
  }
}
