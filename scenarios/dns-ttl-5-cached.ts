import { claimingCarriers } from '../harness';
import { cachedTtlScenario } from './_cached-ttl';

/** TTL 5 s behind a caching resolver: the old target right after the change, the new one 6 s later. */
const scenario = cachedTtlScenario(5, 'server-two');

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 5, 'server-one', 'claims the cached record outlives its 5 s TTL');
