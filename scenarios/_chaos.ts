import { byMx, chaos, defineScenario, everyMessageAccountedFor, send, sink, type ChaosKind, type ScenarioDefinition } from '../harness';
import { gateway } from './_gateways';

const EVERY_MS = 2500;

/**
 * Seed 001's "you will never lose mails", under overlapping faults: three relays at one MX
 * preference, a seeded schedule of faults over them (never all three at once), and a stream of
 * mail paced to flow through the whole schedule. Every message must be accounted for.
 */
export function chaosScenario(options: {
  name: string;
  seed: number;
  messages: number;
  faults: number;
  kinds?: ChaosKind[];
  /** Break the mailstore too: the relays then hold mail in their queues, through their own faults. */
  mailstoreToo?: boolean;
}): ScenarioDefinition {
  return defineScenario({
    name: options.name,
    description: `${options.faults} seeded faults (seed ${options.seed}) over three equal-preference MX relays${options.mailstoreToo ? ' and the mailstore' : ''} while ${options.messages} messages flow: every message accounted for`,
    source: 'seed 001 ("you will never lose mails"), RFC 5321 §5, RFC 1047',
    domain: 'example-domain.com',
    zone: `
      $TTL 60
      @         IN SOA ns1 hostmaster 1 1200 180 1209600 60
      @         IN NS  ns1
      ns1       IN A   {{dns}}
      mail1     IN A   {{mail1}}
      mail2     IN A   {{mail2}}
      mail3     IN A   {{mail3}}
      mailstore IN A   {{mailstore}}
      @         IN MX  10 mail1
      @         IN MX  10 mail2
      @         IN MX  10 mail3
    `,
    servers: [gateway('mail1'), gateway('mail2'), gateway('mail3'), sink('mailstore')],
    route: byMx(),
    steps: [
      chaos({ seed: options.seed, servers: ['mail1', 'mail2', 'mail3', ...(options.mailstoreToo ? ['mailstore'] : [])], kinds: options.kinds, faults: options.faults, everyMs: EVERY_MS, forMs: [1500, 4000] }),
      // Paced so that mail flows for as long as the schedule runs (its gaps included, about a fifth more slots).
      send(options.messages, { intervalMs: Math.max(1, Math.floor((options.faults * EVERY_MS * 1.25) / options.messages)), settle: false }),
    ],
    // Mail deferred by the last faults is tried again after those heal (backoff up to 4 s per try).
    settleTimeoutMs: 60_000,
    expect: [everyMessageAccountedFor()],
  });
}
