import type { MainCf } from '../mta/postfix/postfix-settings';

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

/**
 * A programmable relay: smtp-server receives, nodemailer forwards by MX lookup and the relay stamps
 * its own Received header, as an MTA does. For the faults Postfix has no means for (hanging up in
 * the middle of DATA); otherwise it relays like the others.
 */
export interface NodeRelaySpec extends ServerBase {
  kind: 'node-relay';
  port: number;
  /** Pass everything to this host (port 25) instead of the recipient domain's MX, as Postfix's relayhost = [host]. */
  relayhost?: string;
}

/** The final destination that records every message (the article's server-four). */
export interface SinkSpec extends ServerBase {
  kind: 'sink';
}

export type ServerSpec = PostfixRelaySpec | NodeRelaySpec | SinkSpec;
export type RelaySpec = Exclude<ServerSpec, SinkSpec>;

export function postfixRelay(name: string, options: { port?: number; mainCf?: MainCf; hostNumber?: number } = {}): PostfixRelaySpec {
  return { kind: 'postfix-relay', name, ...options, port: options.port ?? 25, mainCf: options.mainCf ?? {} };
}

export function nodeRelay(name: string, options: { port?: number; hostNumber?: number; relayhost?: string } = {}): NodeRelaySpec {
  return { kind: 'node-relay', name, ...options, port: options.port ?? 25 };
}

export function sink(name: string, options: { hostNumber?: number } = {}): SinkSpec {
  return { kind: 'sink', name, ...options };
}

export const isRelay = (server: ServerSpec): server is RelaySpec => server.kind !== 'sink';
