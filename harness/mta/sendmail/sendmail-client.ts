import { shippedDir } from '../../util/package-files';
import type { ClientMtaKind, ClientSetup } from '../client-mta';
import type { ClientChoice } from '../client-choice';
import { byMx } from '../route';
import { SendmailContainer } from './sendmail-container';
import { renderRelayDomains, renderSendmailMc, sendmailCannot } from './sendmail-settings';

export const sendmailClient: ClientMtaKind = {
  kind: 'sendmail',
  title: 'Sendmail',
  imageDir: shippedDir(__dirname, 'image'),
  takesFiles: false,
  versionCommand: "echo \"Sendmail $(sendmail -d0.1 -bt </dev/null 2>/dev/null | sed -n 's/^Version //p')\"",
  cannot: sendmailCannot,
  isTimingSetting: (name) => /^confTO_|^confMIN_QUEUE_AGE$/.test(name),
  maxSpeed: ({ timing }) => (timing === 'test' ? { speed: 1, why: "Sendmail's timeouts are whole-second events and the test timing's Timeout.connect is 1s, which a faster clock would cancel" } : { speed: 1, why: "the harness does not scale Sendmail's clock yet (sendmail-mta is setgid, which ignores LD_PRELOAD): run it at speed 1" }),
  // A value goes between m4's quotes: one of its own would end the define early.
  refusesSetting: (_name, value) => (/[`']/.test(value) ? "must not hold m4's quotes (` or ')" : undefined),
  container(image: string, setup: ClientSetup) {
    const mc = renderSendmailMc({ hostname: setup.hostname, route: setup.route ?? byMx(), defines: setup.settings });
    const container = new SendmailContainer(image).withConfig(mc, renderRelayDomains(setup.subnet), setup.hostname);
    return setup.queueInMemory ? container.withQueueInMemory() : container;
  },
};

/** Sendmail as a scenario's client: sendmail.mc defines (confX, SMART_HOST) over the harness's. */
export const sendmail = (defines: Record<string, string> = {}): ClientChoice => ({ mta: 'sendmail', settings: defines });
