import { randomInt } from 'node:crypto';
import { getContainerRuntimeClient } from 'testcontainers';
import { SetupError, errorMessage } from '../util/errors';

/** Subnets are /24s inside this /16; Docker refuses overlapping pools, so two runs never share one. */
const POOL_PREFIX = '10.213';
const ATTEMPTS = 40;

export class RunNetwork {
  constructor(
    readonly id: string,
    readonly name: string,
    /** e.g. 10.213.47 — the first three octets of the run's /24 */
    readonly prefix: string,
  ) {}

  get subnet(): string {
    return `${this.prefix}.0/24`;
  }

  get gateway(): string {
    return `${this.prefix}.1`;
  }

  addressOf(hostNumber: number): string {
    return `${this.prefix}.${hostNumber}`;
  }

  static async create(name: string, labels: Record<string, string>): Promise<RunNetwork> {
    const client = await getContainerRuntimeClient();
    const first = randomInt(0, 256);
    let lastError: unknown;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const prefix = `${POOL_PREFIX}.${(first + attempt) % 256}`;
      try {
        const network = await client.network.create({
          Name: name,
          Driver: 'bridge',
          Labels: labels,
          CheckDuplicate: true,
          IPAM: { Driver: 'default', Config: [{ Subnet: `${prefix}.0/24`, Gateway: `${prefix}.1` }] },
        });
        return new RunNetwork(network.id, name, prefix);
      } catch (error) {
        lastError = error;
        if (!/overlap|in use/i.test(errorMessage(error))) break;
      }
    }
    throw new SetupError(`could not create network ${name}: ${errorMessage(lastError)}`);
  }
}
