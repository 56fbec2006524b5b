import { defineScenario, Expectation, ScenarioDefinition, Step, send, viaSrv } from '../harness';
import type { ServerSpec } from '../harness/scenario/servers';
import failover from './failover';

export const SRV_FAULTS_SOURCE = 'seed 000 (its SRV topology), Postfix smtp(8): what the client does when the first relay fails';

/**
 * The article's SRV topology with one fault on server-one where the article stops it: mail 1 by
 * server-one, then the fault, then six more. The client opens a new connection per message
 * (no connection cache), so each of the six meets the fault afresh.
 */
export function srvFaultScenario(options: {
  name: string;
  description: string;
  /** The fault between mail 1 and the six after it; or give the whole story as `steps`. */
  fault?: Step;
  /** Which relays must carry the six messages after the fault; none when they must not be delivered. */
  after?: string[];
  expect?: Expectation[];
  settleTimeoutMs?: number;
  steps?: Step[];
  /** Other servers than the article's (e.g. server-one as a node relay). */
  servers?: ServerSpec[];
}): ScenarioDefinition {
  return defineScenario({
    ...failover,
    name: options.name,
    description: options.description,
    source: SRV_FAULTS_SOURCE,
    // Any client: the SRV records of the submission service, a new pick per message.
    client: undefined,
    route: viaSrv('submission'),
    servers: options.servers ?? failover.servers,
    steps: options.steps ?? [
      send(1, { expectCarriedBy: 'server-one' }),
      ...(options.fault ? [options.fault] : []),
      send(6, { expectCarriedBy: options.after ?? ['server-two', 'server-three'] }),
    ],
    expect: options.expect,
    settleTimeoutMs: options.settleTimeoutMs,
  });
}
