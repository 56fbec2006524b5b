import { z } from 'zod';
import type { ServerKind } from '../../servers/server-kind';
import { hostNumber, mainCf, serverName, smtpPort } from '../../servers/server-fields';
import { PostfixContainer, type StartedPostfixContainer } from './postfix-container';
import { commonSettings, renderMainCf } from './postfix-settings';

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
