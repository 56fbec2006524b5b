import { z } from 'zod';
import type { ServerKind } from '../../servers/server-kind';
import { hostNumber, mainCf, serverName, smtpPort } from '../../servers/server-fields';
import { PostfixContainer, type StartedPostfixContainer } from './postfix-container';
import { commonSettings, OWNED_SETTINGS, renderMainCf, type MainCf } from './postfix-settings';
import { originOf, rememberOrigin } from '../../files/file-origin';
import { parseMainCf } from '../../files/main-cf-file';

export const postfixRelaySchema = z.strictObject({ kind: z.literal('postfix-relay'), name: serverName, port: smtpPort, mainCf, hostNumber });

/** A Postfix relay: accepts mail from the client's network and delivers by MX lookup. */
export type PostfixRelaySpec = z.infer<typeof postfixRelaySchema>;

/** Postfix as a relay: every fault it has means for, played with its own restrictions (access maps, `sleep`, DISCARD). */
export const postfixRelayKind: ServerKind<PostfixRelaySpec, StartedPostfixContainer> = {
  kind: 'postfix-relay',
  title: 'a Postfix relay',
  role: 'relay',
  schema: postfixRelaySchema,
  container: (spec, setup) => {
    const relay = new PostfixContainer(setup.images.relay)
      .withListenPort(spec.port)
      .withMainCf({ ...commonSettings(setup.hostname, setup.subnet), ...spec.mainCf });
    return setup.neverStopped ? relay.withQueueInMemory() : relay;
  },
  abilities: { closesPort: (relay) => relay, playsSmtpFaults: (relay) => relay, reportsQueue: (relay) => relay, logsReceipts: (relay) => relay },
  mapSettings: (spec, map) => ({ ...spec, mainCf: map(spec.mainCf) }),
  fromSiteFile: (text, file, nextHop) => {
    const { settings, lineOf } = parseMainCf(text, file);
    rememberOrigin(settings, { file, lineOf });
    const { mainCf, notes } = relayFromFile(settings, nextHop);
    return { settings: mainCf, notes };
  },
  port: (spec) => spec.port,
  smtpFaultProblems: (step, spec, speed) => {
    if (step.dropConnection) return [`Postfix has no means to hang up in the middle of DATA; make ${spec.name} a nodeRelay(...) for that`];
    if (step.delayMs && (step.delayMs / speed) % 1000 !== 0) {
      return [speed === 1
        ? 'Postfix waits in whole seconds (its sleep restriction): delayMs must be a multiple of 1000'
        : `Postfix waits in whole seconds (its sleep restriction) and a relay runs on real time: at ${speed}× delayMs must be a multiple of ${speed * 1000} (${step.delayMs} ms at the client's clock is ${(step.delayMs / speed).toFixed(0)} ms here)`];
    }
    return [];
  },
  compose: (spec, setup, write) => {
    write(`${spec.name}/main.cf`, renderMainCf({ ...commonSettings(setup.hostname, setup.subnet), ...spec.mainCf }));
    return { image: setup.images.relay, environment: { SMTPD_PORT: String(spec.port) }, volumes: [`./${spec.name}/main.cf:/etc/postfix/main.cf:ro`] };
  },
};

/** Settings of a relay's own main.cf that say where it hands mail on: an audit's relay hands it to the audit's mail store. */
const ROUTING = ['relayhost', 'transport_maps', 'relay_transport', 'default_transport', 'sender_dependent_relayhost_maps', 'smtp_fallback_relay', 'fallback_relay', 'mydestination'];

/**
 * A site's relay main.cf as each relay of an audit runs it: as written, but for what the run owns
 * (its names, listener and log) and where it hands mail on (to `nextHop`, the audit's mail store,
 * where what arrives is seen), each set aside with a NOTE naming file and line.
 */
export function relayFromFile(settings: MainCf, nextHop: string): { mainCf: MainCf; notes: string[] } {
  const origin = originOf(settings);
  const where = (name: string) => `${origin?.file ?? 'the relay file'} line ${origin?.lineOf?.[name] ?? '?'}`;
  const notes: string[] = [];
  const mainCf: MainCf = {};
  for (const [name, value] of Object.entries(settings)) {
    if (OWNED_SETTINGS.includes(name)) notes.push(`${where(name)} sets ${name} = ${value}: each relay's own is used instead (the run owns its names, listener and log)`);
    else if (ROUTING.includes(name)) notes.push(`${where(name)} sets ${name} = ${value}: set aside: the audit's relays hand mail to its mail store, where what arrives is seen`);
    else mainCf[name] = value;
  }
  return { mainCf: { ...mainCf, relayhost: nextHop }, notes };
}
