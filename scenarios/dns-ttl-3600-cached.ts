import { claimingCarriers } from '../harness';
import { cachedTtlScenario } from './_cached-ttl';

/** TTL 3600 s behind a caching resolver: the old target is followed for the whole run. */
const scenario = cachedTtlScenario(3600, 'server-one');

export default scenario;

export const negativeTwin = claimingCarriers(scenario, 5, 'server-two', 'claims the change is followed after 6 s despite the TTL of an hour');
