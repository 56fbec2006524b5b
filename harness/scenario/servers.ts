import type { MainCf } from '../containers/postfix-settings';

interface ServerBase {
  name: string;
  /** Last octet of the server's fixed address; by default given in declaration order from .10. */
  hostNumber?: number;
}

/** A Postfix relay: accepts mail from the client's network and delivers by MX lookup. */
export interface PostfixRelaySpec extends ServerBase {
  kind: 'postfix-relay';
  port: number;
  mainCf: MainCf;
}

/** The final destination that records every message (the article's server-four). */
export interface SinkSpec extends ServerBase {
  kind: 'sink';
}

export type ServerSpec = PostfixRelaySpec | SinkSpec;
export type RelaySpec = Exclude<ServerSpec, SinkSpec>;

export function postfixRelay(name: string, options: { port?: number; mainCf?: MainCf; hostNumber?: number } = {}): PostfixRelaySpec {
  return { kind: 'postfix-relay', name, port: options.port ?? 25, mainCf: options.mainCf ?? {}, hostNumber: options.hostNumber };
}

export function sink(name: string, options: { hostNumber?: number } = {}): SinkSpec {
  return { kind: 'sink', name, hostNumber: options.hostNumber };
}

export const isRelay = (server: ServerSpec): server is RelaySpec => server.kind !== 'sink';
