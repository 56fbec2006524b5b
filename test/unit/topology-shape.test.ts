import { topologyShape } from '../../harness/topology/topology-shape';
import type { TopologyPlan } from '../../harness/topology/topology';
import type { HarnessImages } from '../../harness/engine/image-builder';
import { exim, nodeRelay, postfixRelay, sink } from '../../harness';

const images: HarnessImages = { base: 'b', dns: 'd', sink: 's', relay: 'p', mtas: { postfix: 'p', exim: 'e' }, clientSuite: 'trixie', clientBase: 'b' };
const plan = (changes: Partial<TopologyPlan> = {}): TopologyPlan => ({
  runId: 'r1',
  scenario: 'one',
  domain: 'example-domain.com',
  zone: '@ IN SOA ns1 hostmaster 1 1 1 1 1',
  servers: [postfixRelay('mail1'), postfixRelay('mail2'), sink('mailstore')],
  client: {},
  stoppedByAStep: new Set(),
  ...changes,
});

describe('a topology shape', () => {
  it('should be the same for what a reset rewrites: zone, main.cf, a Postfix relay port, the run, the steps', () => {
    const other = plan({
      runId: 'r2',
      scenario: 'two',
      zone: '$TTL 5\n@ IN SOA ns1 hostmaster 2 1 1 1 1',
      client: { relayhost: '[mail1]:2525' },
      servers: [postfixRelay('mail1', { port: 2525, mainCf: { smtpd_banner: 'x' } }), postfixRelay('mail2'), sink('mailstore')],
      stoppedByAStep: new Set(['mail1']),
    });
    expect(topologyShape(other, images)).toBe(topologyShape(plan(), images));
  });

  it.each<[string, Partial<TopologyPlan>]>([
    ['a server of another kind', { servers: [nodeRelay('mail1'), postfixRelay('mail2'), sink('mailstore')] }],
    ['another host number', { servers: [postfixRelay('mail1', { hostNumber: 20 }), postfixRelay('mail2'), sink('mailstore')] }],
    ['another server name', { servers: [postfixRelay('gw-a'), postfixRelay('mail2'), sink('mailstore')] }],
    ['one more server', { servers: [postfixRelay('mail1'), postfixRelay('mail2'), postfixRelay('mail3'), sink('mailstore')] }],
    ['another client MTA', { client: exim() }],
    ['a caching resolver', { cachingResolver: true }],
    ['a reverse zone', { reverseZone: '@ IN SOA ns1 hostmaster 1 1 1 1 1' }],
    ['another domain', { domain: 'example.org' }],
  ])('should differ with %s', (_what, changes) => {
    expect(topologyShape(plan(changes), images)).not.toBe(topologyShape(plan(), images));
  });

  it('should differ with a node relay port, which is its environment', () => {
    const at = (port: number) => plan({ servers: [nodeRelay('mail1', { port }), postfixRelay('mail2'), sink('mailstore')] });
    expect(topologyShape(at(2525), images)).not.toBe(topologyShape(at(25), images));
  });

  it('should be none for a customised client (the walkthrough), which no reset can redo', () => {
    expect(topologyShape(plan({ customizeClient: (c) => c }), images)).toBeUndefined();
  });
});
