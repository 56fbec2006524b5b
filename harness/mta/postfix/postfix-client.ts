import { shippedDir } from '../../util/package-files';
import { postfixNextHops, postfixTables } from './postfix-next-hops';
import { parseMainCf } from '../../files/main-cf-file';
import { rememberOrigin } from '../../files/file-origin';
import type { ClientMtaKind, ClientSetup } from '../client-mta';
import type { ClientChoice } from '../client-mta';
import type { RelayHost, Route } from '../route';
import { PostfixContainer } from './postfix-container';
import { commonSettings, isPostfixTimingSetting, MainCf, mainCfNotes, OWNED_SETTINGS } from './postfix-settings';

const nextHop = (relay: RelayHost) => `[${relay.host}]:${relay.port ?? 25}`;

/**
 * A neutral route as main.cf says it. Every message opens its own connection
 * (smtp_connection_cache_on_demand = no), so each makes its own pick of host, as the matrix measures.
 */
export function postfixRouteSettings(route: Route, domain: string): MainCf {
  const fallback: MainCf = route.fallback ? { smtp_fallback_relay: nextHop(route.fallback) } : {};
  const perMessage = { smtp_connection_cache_on_demand: 'no', ...fallback };
  switch (route.via) {
    case 'mx':
      return { relayhost: '', ...perMessage };
    case 'srv':
      // Postfix 3.8+: the relayhost's domain and service name the SRV records to look up.
      return { use_srv_lookup: route.service, relayhost: `${domain}:${route.service}`, ...perMessage };
    case 'hosts':
      // A relayhost list (3.5+) is tried in order.
      return { relayhost: route.hosts.map(nextHop).join(', '), ...perMessage };
  }
}

export const postfixClient: ClientMtaKind = {
  kind: 'postfix',
  title: 'Postfix',
  imageDir: shippedDir(__dirname, 'image'),
  takesFiles: true,
  readConfig: (text, file) => {
    const { settings, lineOf } = parseMainCf(text, file);
    rememberOrigin(settings, { file, lineOf });
    return { settings };
  },
  nextHops: (client, domain, zone, tables) => postfixNextHops(client.settings, domain, zone, tables),
  lookupTables: postfixTables,
  versionCommand: 'echo "Postfix $(postconf -h mail_version)"',
  settingNotes: mainCfNotes,
  ownedSettings: OWNED_SETTINGS,
  isTimingSetting: isPostfixTimingSetting,
  // Postfix waits with poll() and its timers, which the clock scales to any fraction of a second.
  maxSpeed: () => undefined,
  // A delivery's real time beyond its timeout, measured at 60×: 0.07 s alone, 2.8 s with the whole suite running beside it; 1 s is the precision promised.
  // Its own processes write its log, at its clock.
  logClock: 'client',
  deliveryLatencyMs: 1000,
  cannot(route) {
    if (route.via === 'hosts' && route.order === 'random') return 'Postfix tries a relayhost list in order and has no setting to pick from it at random';
    return undefined;
  },
  container(image: string, setup: ClientSetup) {
    const container = new PostfixContainer(image).withMainCf({
      ...commonSettings(setup.hostname, setup.subnet, setup.timing === 'test'),
      // On a dual-stack run the client looks up AAAA records and connects over IPv6 too.
      ...(setup.ipv6 ? { inet_protocols: 'all' } : {}),
      ...(setup.route ? postfixRouteSettings(setup.route, setup.domain) : {}),
      ...setup.settings,
    });
    for (const [path, content] of Object.entries(setup.files)) container.withLookupTable(path, content);
    return setup.queueInMemory ? container.withQueueInMemory() : container;
  },
};

/** Postfix as a scenario's client: main.cf settings over the harness's and the route's. */
export const postfix = (mainCf: MainCf = {}): ClientChoice => ({ mta: 'postfix', settings: mainCf });
