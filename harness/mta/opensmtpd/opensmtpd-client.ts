import { shippedDir } from '../../util/package-files';
import type { ClientMtaKind, ClientSetup } from '../client-mta';
import type { ClientChoice } from '../client-choice';
import { byMx } from '../route';
import { OpenSmtpdContainer } from './opensmtpd-container';
import { renderSmtpdConfig, smtpdCannot } from './opensmtpd-settings';

export const opensmtpdClient: ClientMtaKind = {
  kind: 'opensmtpd',
  title: 'OpenSMTPD',
  imageDir: shippedDir(__dirname, 'image'),
  takesFiles: false,
  versionCommand: "smtpd -h 2>&1 | sed -n 's/^version: //p'",
  cannot: smtpdCannot,
  // Its timeouts and route penalty are compiled in: no setting of its file is one of timing.
  isTimingSetting: () => false,
  maxSpeed: () => ({ speed: 1, why: 'the harness does not scale OpenSMTPD\'s clock yet: run it at speed 1' }),
  container(image: string, setup: ClientSetup) {
    const config = renderSmtpdConfig({ hostname: setup.hostname, subnet: setup.subnet, route: setup.route ?? byMx() });
    return new OpenSmtpdContainer(image).withConfig(config, setup.hostname);
  },
};

/** OpenSMTPD as a scenario's client (its configuration has no free-form options here). */
export const opensmtpd = (): ClientChoice => ({ mta: 'opensmtpd', settings: {} });
