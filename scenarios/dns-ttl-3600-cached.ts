import { cachedTtlScenario } from './_cached-ttl';

/** TTL 3600 s behind a caching resolver: the old target is followed for the whole run. */
export default cachedTtlScenario(3600, 'server-one');
