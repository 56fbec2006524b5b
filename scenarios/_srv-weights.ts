import { viaSrv, defineScenario, everyMessageDeliveredExactlyOnce, postfixRelay, send, shareFollows, sink, srvModels, ScenarioDefinition } from '../harness';

export interface SrvWeightsOptions {
  name: string;
  description: string;
  /** Weight of each relay's SRV record, all at priority 1, all on port 2625. */
  weights: Record<string, number>;
  messages: number;
  /** The model that must fit: one of srvModels' names, or one of `alternatives`. */
  claim: string;
  /** Further candidate splits to test against, e.g. the 50/50 a reader might expect. */
  alternatives?: Record<string, Record<string, number>>;
}

/**
 * One SRV priority with weighted records (seed 000), mail sent in parallel through a client that
 * opens a new connection, and so makes a new SRV pick, for every message.
 */
export function srvWeightsScenario(options: SrvWeightsOptions): ScenarioDefinition {
  const relays = Object.keys(options.weights);
  const records = relays.map((target) => ({ target, weight: options.weights[target] }));
  return defineScenario({
    name: options.name,
    description: options.description,
    source: 'seed 000 (RFC 6186 SRV article, weights)',
    domain: 'example-domain.com',
    zone: `
      $TTL 60
      @ IN SOA ns1 hostmaster 1 1200 180 1209600 60
      @ IN NS ns1
      ns1 IN A {{dns}}
      ${relays.map((relay) => `${relay} IN A {{${relay}}}`).join('\n      ')}
      server-four IN A {{server-four}}
      ${records.map((r) => `_submission._tcp IN SRV 1 ${r.weight} 2625 ${r.target}`).join('\n      ')}
      @ IN MX 0 server-four
    `,
    servers: [...relays.map((relay) => postfixRelay(relay, { port: 2625 })), sink('server-four')],
    // A new connection per message, so a new SRV pick for each (Postfix: no connection cache).
    route: viaSrv('submission'),
    steps: [send(options.messages)],
    expect: [
      shareFollows({ models: { ...srvModels(records), ...options.alternatives }, claim: options.claim }),
      everyMessageDeliveredExactlyOnce(),
    ],
  });
}
