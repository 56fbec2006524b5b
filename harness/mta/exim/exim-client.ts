import { shippedDir } from '../../util/package-files';
import type { ClientMtaKind, ClientSetup } from '../client-mta';
import type { ClientChoice } from '../client-mta';
import { byMx } from '../route';
import { EximContainer } from './exim-container';
import { EXIM_SHIPPED_TIMEOUTS_S, EXIM_TIMING, renderEximConfig } from './exim-settings';

/** Debian's queue run interval (/etc/default/exim4 QUEUEINTERVAL), the daemon's alarm between runs, in seconds. */
const SHIPPED_QUEUE_INTERVAL_S = 1800;

export const eximClient: ClientMtaKind = {
  kind: 'exim',
  title: 'Exim',
  imageDir: shippedDir(__dirname, 'image'),
  takesFiles: false,
  versionCommand: "exim -bV | sed -n '1s/ #.*//p'",
  // A delivery's real time beyond its timeout, measured at 60×: 0.27 s alone (each re-executes the setuid exim and looks its hosts up); 1.5 s promised.
  // Its own processes write its log, at its clock.
  logClock: 'client',
  deliveryLatencyMs: 1500,
  cannot: () => undefined,
  isTimingSetting: (name) => name in EXIM_TIMING || /_timeout$/.test(name),
  // Exim times out with whole-second alarm()s: at test timing its 1 s connect timeout.
  // Exim times out with whole-second alarm()s, which libfaketime divides by the speed and rounds
  // down: an alarm shorter than the speed in seconds becomes alarm(0), which cancels it.
  maxSpeed: ({ timing }) => {
    if (timing === 'test') return { speed: 1, why: "Exim's timeouts are whole-second alarms and the test timing's connect_timeout is 1s, which a faster clock would cancel" };
    const shortest = Math.min(...Object.values(EXIM_SHIPPED_TIMEOUTS_S), SHIPPED_QUEUE_INTERVAL_S);
    return { speed: shortest, why: `Exim's timeouts are whole-second alarms and its shortest here is ${shortest} s, which a faster clock would cancel` };
  },
  container(image: string, setup: ClientSetup) {
    const config = renderEximConfig({
      hostname: setup.hostname, domain: setup.domain, subnet: setup.subnet, route: setup.route ?? byMx(), options: setup.settings, ipv6: setup.ipv6,
      testTiming: setup.timing === 'test', clocked: setup.speed !== 1,
    });
    const container = new EximContainer(image).withConfig(config);
    return setup.queueInMemory ? container.withQueueInMemory() : container;
  },
};

/** Exim as a scenario's client: main options over the harness's. */
export const exim = (options: Record<string, string> = {}): ClientChoice => ({ mta: 'exim', settings: options });
