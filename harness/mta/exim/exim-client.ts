import { shippedDir } from '../../util/package-files';
import { readWholeFile } from '../whole-file';
import type { ClientMtaKind, ClientSetup } from '../client-mta';
import type { ClientChoice } from '../client-mta';
import { byMx } from '../route';
import { EximContainer } from './exim-container';
import { originOf } from '../../files/file-origin';
import { EXIM_SHIPPED_TIMEOUTS_S, EXIM_TIMING, eximSeconds, SHIPPED_QUEUE_INTERVAL, eximOverlayNotes, eximOwnTimeoutsS, ownEximConfig, renderEximConfig } from './exim-settings';
import { parseEximConfigure } from './exim-configure';
import { eximNextHops, eximTransportFor } from './exim-next-hops';

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
  bouncesAtPermanentGreeting: "Exim takes a 5xx greeting at the last host it can try as that host's permanent answer and returns the mail (transports/smtp.c: a 5xx at connection time fails the address), where Postfix keeps it queued (smtp_skip_5xx_greeting)",
  isTimingSetting: (name) => name in EXIM_TIMING || /_timeout$/.test(name),
  // Exim times out with whole-second alarm()s: at test timing its 1 s connect timeout.
  // Exim times out with whole-second alarm()s, which libfaketime divides by the speed and rounds
  // down: an alarm shorter than the speed in seconds becomes alarm(0), which cancels it.
  maxSpeed: ({ timing, config }) => {
    if (timing === 'test' && !config) return { speed: 1, why: "Exim's timeouts are whole-second alarms and the test timing's connect_timeout is 1s, which a faster clock would cancel" };
    const timeouts = config && timing !== 'shipped' ? eximOwnTimeoutsS(config) : Object.values(EXIM_SHIPPED_TIMEOUTS_S);
    const shortest = Math.min(...timeouts, eximSeconds(SHIPPED_QUEUE_INTERVAL)!);
    return { speed: shortest, why: `Exim's timeouts are whole-second alarms and its shortest here is ${shortest} s, which a faster clock would cancel` };
  },
  // The whole configure: the audit reads its routers, and the client runs it as written.
  readConfig: readWholeFile(parseEximConfigure),
  nextHops: (client, domain, zone) => eximNextHops(client, domain, zone),
  configNotes: (config) => eximOverlayNotes(config, originOf(config)?.file ?? 'the configure file'),
  container(image: string, setup: ClientSetup) {
    if (setup.config) {
      const own = new EximContainer(image).withConfig(ownEximConfig(setup.config, setup.speed !== 1)).withTransport(eximTransportFor(setup.config, setup.domain) ?? 'remote_smtp');
      return setup.queueInMemory ? own.withQueueInMemory() : own;
    }
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
