import { shippedDir } from '../../util/package-files';
import type { ClientMtaKind, ClientSetup } from '../client-mta';
import type { ClientChoice } from '../client-choice';
import { byMx } from '../route';
import { EximContainer } from './exim-container';
import { EXIM_TIMING, renderEximConfig } from './exim-settings';

export const eximClient: ClientMtaKind = {
  kind: 'exim',
  title: 'Exim',
  imageDir: shippedDir(__dirname, 'image'),
  takesFiles: false,
  versionCommand: "exim -bV | sed -n '1s/ #.*//p'",
  cannot: () => undefined,
  isTimingSetting: (name) => name in EXIM_TIMING || /_timeout$/.test(name),
  // Exim times out with whole-second alarm()s: at test timing its 1 s connect timeout.
  maxSpeed: ({ timing }) => (timing === 'test' ? { speed: 1, why: "Exim's timeouts are whole-second alarms and the test timing's connect_timeout is 1s, which a faster clock would cancel" } : { speed: 1, why: "the harness does not scale Exim's clock yet (its deliveries re-execute a setuid binary, which ignores LD_PRELOAD): run it at speed 1" }),
  container(image: string, setup: ClientSetup) {
    const config = renderEximConfig({ hostname: setup.hostname, domain: setup.domain, subnet: setup.subnet, route: setup.route ?? byMx(), options: setup.settings, ipv6: setup.ipv6 });
    const container = new EximContainer(image).withConfig(config);
    return setup.queueInMemory ? container.withQueueInMemory() : container;
  },
};

/** Exim as a scenario's client: main options over the harness's. */
export const exim = (options: Record<string, string> = {}): ClientChoice => ({ mta: 'exim', settings: options });
