import { shippedDir } from '../../util/package-files';
import { readWholeFile } from '../whole-file';
import type { ClientMtaKind, ClientSetup } from '../client-mta';
import type { ClientChoice } from '../client-mta';
import { byMx } from '../route';
import { SendmailContainer } from './sendmail-container';
import { ownSendmailMc, renderRelayDomains, renderSendmailMc, sendmailCannot, sendmailOverlayNotes, sendmailOwnTimeoutsS } from './sendmail-settings';
import { readSendmailMc } from './sendmail-mc';
import { sendmailNextHops } from './sendmail-next-hops';
import { originOf } from '../../files/file-origin';

export const sendmailClient: ClientMtaKind = {
  kind: 'sendmail',
  title: 'Sendmail',
  imageDir: shippedDir(__dirname, 'image'),
  takesFiles: false,
  versionCommand: "echo \"Sendmail $(sendmail -d0.1 -bt </dev/null 2>/dev/null | sed -n 's/^Version //p')\"",
  // A delivery's real time beyond its timeout, measured at 60×: under 0.1 s (fault-mx-pair-paused: 296.8 s for Timeout.initial = 5m); 1 s promised.
  // rsyslog stamps its log with the kernel's receive time of each line: real time.
  logClock: 'real',
  deliveryLatencyMs: 1000,
  cannot: sendmailCannot,
  isTimingSetting: (name) => /^confTO_|^confMIN_QUEUE_AGE$/.test(name),
  // Sendmail times out with whole-second events (alarm), which libfaketime divides by the speed and
  // rounds down: one shorter than the speed in seconds is lost. As shipped its shortest are the
  // 5 min greeting and HELO timeouts (Timeout.connect is 0: the kernel's own, which no clock scales).
  // Seen in the matrix's runs: after a 421 greeting it logs the host only when it deferred there, not when it went on.
  bouncesAtPermanentGreeting: "Sendmail takes a 5xx greeting at the last host it can try as that host's permanent answer and returns the mail (deliver.c: the greeting's 5xx is final, dsn=5.5.0 in its log), where Postfix keeps it queued (smtp_skip_5xx_greeting)",
  unloggedTry: (fault) => (fault === 'smtp greeting' ? 'Sendmail logs no try it moved on from after a 4xx greeting' : undefined),
  maxSpeed: ({ timing, config }) => {
    if (config && timing !== 'shipped') {
      const shortest = Math.min(...sendmailOwnTimeoutsS(config));
      return { speed: shortest, why: `Sendmail's timeouts are whole-second events and its shortest here is ${shortest} s, which a faster clock would cancel` };
    }
    return timing === 'test'
      ? { speed: 1, why: "Sendmail's timeouts are whole-second events and the test timing's Timeout.connect is 1s, which a faster clock would cancel" }
      : { speed: 300, why: "Sendmail's timeouts are whole-second events and its shortest as shipped is Timeout.initial (5 min), which a faster clock would cancel" };
  },
  // A value goes between m4's quotes: one of its own would end the define early.
  refusesSetting: (_name, value) => (/[`']/.test(value) ? "must not hold m4's quotes (` or ')" : undefined),
  // The whole sendmail.mc: the audit reads its SMART_HOST, fallbacks and timeouts, and the client runs it as written.
  readConfig: readWholeFile(readSendmailMc),
  nextHops: (client, domain, zone) => sendmailNextHops(client, domain, zone),
  configNotes: (config) => sendmailOverlayNotes(config, originOf(config)?.file ?? 'sendmail.mc'),
  container(image: string, setup: ClientSetup) {
    if (setup.config) {
      // Relaying is the site's .mc's and access table's (Debian's relays for 127.0.0.1 alone): no relay-domains of the harness's.
      const own = new SendmailContainer(image).withConfig(ownSendmailMc(setup.config), '', setup.hostname);
      return setup.queueInMemory ? own.withQueueInMemory() : own;
    }
    const mc = renderSendmailMc({ hostname: setup.hostname, route: setup.route ?? byMx(), defines: setup.settings, testTiming: setup.timing === 'test' });
    const container = new SendmailContainer(image).withConfig(mc, renderRelayDomains(setup.subnet), setup.hostname);
    return setup.queueInMemory ? container.withQueueInMemory() : container;
  },
};

/** Sendmail as a scenario's client: sendmail.mc defines (confX, SMART_HOST) over the harness's. */
export const sendmail = (defines: Record<string, string> = {}): ClientChoice => ({ mta: 'sendmail', settings: defines });
