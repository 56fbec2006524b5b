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
  // Not measured on a fast clock (it runs at real time for now).
  // rsyslog stamps its log with the kernel's receive time of each line: real time.
  logClock: 'real',
  deliveryLatencyMs: 1000,
  cannot: smtpdCannot,
  // Its timeouts and route penalty are compiled in: no setting of its file is one of timing.
  isTimingSetting: () => false,
  // Not yet on a fast clock: started by the image's script as the clock's second process, its
  // re-executed processes stop at once ("imsg_wait: No such file or directory"); by hand, as the
  // clock's first process, it ran (shared/notes). Until that is found, real time only.
  maxSpeed: () => ({ speed: 1, why: 'on the harness\'s shared clock its re-executed processes stop at start ("imsg_wait: No such file or directory"), so it runs at real time for now' }),
  container(image: string, setup: ClientSetup) {
    const config = renderSmtpdConfig({ hostname: setup.hostname, subnet: setup.subnet, route: setup.route ?? byMx() });
    return new OpenSmtpdContainer(image).withConfig(config, setup.hostname);
  },
};

/** OpenSMTPD as a scenario's client (its configuration has no free-form options here). */
export const opensmtpd = (): ClientChoice => ({ mta: 'opensmtpd', settings: {} });
