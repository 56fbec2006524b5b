import { shippedDir } from '../../util/package-files';
import type { ClientMtaKind, ClientSetup } from '../client-mta';
import type { ClientChoice } from '../client-choice';
import { byMx } from '../route';
import { EximContainer } from './exim-container';
import { renderEximConfig } from './exim-settings';

export const eximClient: ClientMtaKind = {
  kind: 'exim',
  title: 'Exim',
  imageDir: shippedDir(__dirname, 'image'),
  takesFiles: false,
  versionCommand: "exim -bV | sed -n '1s/ #.*//p'",
  cannot: () => undefined,
  container(image: string, setup: ClientSetup) {
    const config = renderEximConfig({ hostname: setup.hostname, domain: setup.domain, subnet: setup.subnet, route: setup.route ?? byMx(), options: setup.settings, ipv6: setup.ipv6 });
    const container = new EximContainer(image).withConfig(config);
    return setup.queueInMemory ? container.withQueueInMemory() : container;
  },
};

/** Exim as a scenario's client: main options over the harness's. */
export const exim = (options: Record<string, string> = {}): ClientChoice => ({ mta: 'exim', settings: options });
