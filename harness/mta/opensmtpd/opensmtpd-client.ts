import { shippedDir } from '../../util/package-files';
import { readWholeFile } from '../whole-file';
import type { ClientMtaKind, ClientSetup } from '../client-mta';
import type { ClientChoice } from '../client-mta';
import { byMx } from '../route';
import { OpenSmtpdContainer } from './opensmtpd-container';
import { renderSmtpdConfig, smtpdCannot } from './opensmtpd-settings';
import { parseSmtpdConf, smtpdNextHops } from './smtpd-conf-file';

export const opensmtpdClient: ClientMtaKind = {
  kind: 'opensmtpd',
  title: 'OpenSMTPD',
  imageDir: shippedDir(__dirname, 'image'),
  takesFiles: false,
  versionCommand: "smtpd -h 2>&1 | sed -n 's/^version: //p'",
  // rsyslog stamps its log with the kernel's receive time of each line: real time.
  logClock: 'real',
  deliveryLatencyMs: 1000,
  cannot: smtpdCannot,
  // Its timeouts and route penalty are compiled in: no setting of its file is one of timing.
  isTimingSetting: () => false,
  // smtpd waits 10 s at its clock for each process it starts (smtpd.c setup_done); the image's start
  // script tries a start again that the fast clock cut short. With six containers starting at once,
  // five of six starts were cut short at 60× and at most one in six at 30× (333 ms here); 30× also
  // keeps the precision of a figure (its log is real time, a delivery's latency counted speed
  // times) within a tenth of its 300 s.
  maxSpeed: () => ({ speed: 30, why: 'smtpd waits 10 s at its own clock for each of its processes to start (smtpd.c, setup_done), which a faster clock overruns under load' }),
  // The whole smtpd.conf: the audit reads its match rules and actions, and the client runs it as written.
  readConfig: readWholeFile(parseSmtpdConf),
  nextHops: (client, domain, zone) => smtpdNextHops(client, domain, zone),
  container(image: string, setup: ClientSetup) {
    if (setup.config) return new OpenSmtpdContainer(image).withConfig(setup.config, setup.hostname);
    const config = renderSmtpdConfig({ hostname: setup.hostname, subnet: setup.subnet, route: setup.route ?? byMx() });
    return new OpenSmtpdContainer(image).withConfig(config, setup.hostname);
  },
};

/** OpenSMTPD as a scenario's client (its configuration has no free-form options here). */
export const opensmtpd = (): ClientChoice => ({ mta: 'opensmtpd', settings: {} });
