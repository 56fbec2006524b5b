import { cachedTtlScenario } from './_cached-ttl';

/** TTL 5 s behind a caching resolver: the old target right after the change, the new one 6 s later. */
export default cachedTtlScenario(5, 'server-two');
