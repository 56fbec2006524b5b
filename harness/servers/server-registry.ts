import { z } from 'zod';
import { postfixRelayKind, postfixRelaySchema } from '../mta/postfix/postfix-relay';
import type { StartedHarnessContainer } from '../containers/harness-container';
import { nodeRelayKind, nodeRelaySchema } from './node-relay';
import { sinkKind, sinkSchema, type SinkSpec } from './sink';
import type { ServerAbilities, ServerKind } from './server-kind';

/** Every kind of server a scenario can have, by kind: a new one is one entry here (and its file). */
export const SERVER_KINDS = {
  'postfix-relay': postfixRelayKind,
  'node-relay': nodeRelayKind,
  sink: sinkKind,
} satisfies { [K in ServerSpec['kind']]: { kind: K } };

/** A server as a scenario gives it: the shape of its kind's schema. */
export type ServerSpec = z.infer<typeof serverSchema>;
export type RelaySpec = Exclude<ServerSpec, SinkSpec>;

/** The entry of a server's kind: its spec and started container are that kind's, so the entry is read as any kind's. */
export function serverKind(spec: ServerSpec): ServerKind<ServerSpec, StartedHarnessContainer> {
  return SERVER_KINDS[spec.kind] as unknown as ServerKind<ServerSpec, StartedHarnessContainer>;
}

/** Whether a server of this spec's kind has the ability, known before any container starts. */
export function can(spec: ServerSpec, ability: keyof ServerAbilities): boolean {
  return serverKind(spec).abilities[ability] !== undefined;
}

/** A started server's abilities, each the container itself as its entry says. */
export function abilitiesOf(spec: ServerSpec, started: StartedHarnessContainer): Partial<ServerAbilities> {
  const abilities = serverKind(spec).abilities;
  return Object.fromEntries(Object.entries(abilities).map(([name, of]) => [name, of(started)]));
}

export const isRelay = (server: ServerSpec): server is RelaySpec => serverKind(server).role === 'relay';

/** The schema of any server: one per kind of the registry. */
export const serverSchema = z.discriminatedUnion('kind', [postfixRelaySchema, nodeRelaySchema, sinkSchema]);
