import { changing, defineScenario, everyMessageDeliveredExactlyOnce, expectQueued, send, start, stop, wait } from '../harness';
import { mxPair } from './_mx-pair';

/**
 * all-relays-down on an MX route, which every client can follow (the SRV one leaves OpenSMTPD and
 * Sendmail out): both MX hosts down, mail must wait in the client's queue (checked in the queue
 * itself), nothing may bounce, and when the relays return each message arrives once.
 */
const scenario = defineScenario({
  name: 'all-relays-down-mx',
  description: 'MX 10 mail1, MX 20 mail2, both down: mail waits in the client queue, nothing bounces; relays back → each delivered once',
  source: 'seed 001 ("you will never lose mails"), RFC 5321 §4.5.4.1 (a message that cannot be sent is queued and retried)',
  ...mxPair(),
  steps: [
    send(2, { expectCarriedBy: 'mail1' }),
    stop('mail1'),
    stop('mail2'),
    send(10, { settle: false }),
    wait(4000),
    expectQueued(),
    start('mail1'),
    start('mail2'),
  ],
  expect: [everyMessageDeliveredExactlyOnce()],
});

export default scenario;

export const negativeTwin = changing(scenario, 'client bounces deferred mail at once (bounce_queue_lifetime = 0)', { client: { maximal_queue_lifetime: '0', bounce_queue_lifetime: '0' } }, /every undelivered message waits in the client's queue/);
