import { send, wait, ScenarioDefinition } from '../harness';
import { dnsChangeScenario, moveSubmissionToServerTwo } from './dns-change';

/**
 * Seed 000: "If you are caching retrieved DNS records and you change the SRV records dynamically,
 * it is important to set a low time to live (TTL)". With a caching resolver between the client
 * and the zone, the SRV target moves from server-one to server-two: right after the change the
 * cached record still sends mail to server-one; after waiting longer than the TTL, a short TTL
 * has expired and mail follows the new record, a long one has not.
 */
export function cachedTtlScenario(ttl: number, afterWait: string): ScenarioDefinition {
  const moved = dnsChangeScenario(ttl);
  return {
    ...moved,
    name: `dns-ttl-${ttl}-cached`,
    description: `SRV target changed behind a caching resolver (TTL ${ttl} s): the cached record is followed until it expires`,
    cachingResolver: true,
    steps: [
      send(3, { expectCarriedBy: 'server-one' }),
      moveSubmissionToServerTwo(ttl),
      send(3, { expectCarriedBy: 'server-one' }),
      wait(6_000),
      send(3, { expectCarriedBy: afterWait }),
    ],
  };
}
