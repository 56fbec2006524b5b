import { expectQueued, heal, kill, send, expecting, messageFates } from '../harness';
import { srvFaultScenario } from './_faults';

/**
 * The DNS server dies while mail flows: the client cannot find the SRV records, and keeps the mail
 * (a temporary lookup failure defers, it does not bounce); once the DNS is back, all of it is delivered.
 */
const scenario = srvFaultScenario({
  name: 'fault-dns-down',
  description: 'the DNS server killed: mail waits in the client queue, none bounces; DNS back → delivered once each',
  steps: [
    send(1, { expectCarriedBy: 'server-one' }),
    kill('dns'),
    send(4, { settle: false }),
    expectQueued(),
    heal('dns'),
  ],
});

export default scenario;

export const negativeTwin = expecting(scenario, 'claims the mail bounces while the DNS is down', [messageFates({ delivered: 1, bounced: 4 })], /message fates are exactly: 1 delivered, 4 bounced/);
