import { defineScenario, send, changing } from '../harness';
import { SEED_004, seed004Servers, seed004Zone } from './_seed-004';

/** Seed 004: sender_dependent_relayhost_maps sends each sender domain through its own relay. */
const scenario = defineScenario({
  name: 'sender-dependent-relayhost',
  description: 'sender_dependent_relayhost_maps: mail from @domain1.test via server-one, from @domain2.test via server-two',
  source: SEED_004,
  domain: 'example-domain.com',
  zone: seed004Zone(),
  servers: seed004Servers(),
  client: { relayhost: '', sender_dependent_relayhost_maps: 'hash:/etc/postfix/sender_relay' },
  clientFiles: {
    '/etc/postfix/sender_relay': `
      @domain1.test    [server-one.example-domain.com]:2525
      @domain2.test    [server-two.example-domain.com]:2625
    `,
  },
  steps: [
    send(5, { from: 'someone@domain1.test', expectCarriedBy: 'server-one' }),
    send(5, { from: 'someone@domain2.test', expectCarriedBy: 'server-two' }),
  ],
});

export default scenario;

export const negativeTwin = changing(scenario, 'the two senders mapped the other way round', { clientFiles: { '/etc/postfix/sender_relay': '@domain1.test [server-two.example-domain.com]:2625\n@domain2.test [server-one.example-domain.com]:2525' } }, /step 1 are each carried by server-one/);
