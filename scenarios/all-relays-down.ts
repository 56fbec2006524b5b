import { viaSrv, defineScenario, everyMessageDeliveredExactlyOnce, expectQueued, send, start, stop, wait, changing } from '../harness';
import failover from './failover';

/**
 * The article's topology (failover.ts) with every relay of its SRV set down: mail must wait in the client's queue (checked
 * in the queue itself), nothing may bounce, and when the relays return each message arrives once.
 */
const scenario = defineScenario({
  ...failover,
  name: 'all-relays-down',
  description: 'All SRV relays down: mail waits in the client queue, nothing bounces; relays back → each delivered once',
  source: 'seed 000 (SRV failover), seed 001 ("you will never lose mails")',
  client: undefined,
  route: viaSrv('submission'),
  steps: [
    send(2, { expectCarriedBy: 'server-one' }),
    stop('server-one'),
    stop('server-two'),
    stop('server-three'),
    send(10, { settle: false }),
    wait(4000),
    expectQueued(),
    start('server-two'),
    start('server-three'),
  ],
  expect: [everyMessageDeliveredExactlyOnce()],
});

export default scenario;

export const negativeTwin = changing(scenario, 'client bounces deferred mail at once (bounce_queue_lifetime = 0)', { client: { ...scenario.client, maximal_queue_lifetime: '0', bounce_queue_lifetime: '0' } }, /every undelivered message waits in the client's queue/);
