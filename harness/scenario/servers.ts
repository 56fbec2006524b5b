import type { MainCf } from '../mta/postfix/postfix-settings';
import type { PostfixRelaySpec } from '../mta/postfix/postfix-relay';
import type { NodeRelaySpec } from '../servers/node-relay';
import type { SinkSpec } from '../servers/sink';

// A scenario's servers, as its author writes them; what each kind is and can do is its registry entry's.
export type { ServerSpec, RelaySpec } from '../servers/server-registry';
export { isRelay } from '../servers/server-registry';
export type { PostfixRelaySpec, NodeRelaySpec, SinkSpec };

export function postfixRelay(name: string, options: { port?: number; mainCf?: MainCf; hostNumber?: number } = {}): PostfixRelaySpec {
  return { kind: 'postfix-relay', name, ...options, port: options.port ?? 25, mainCf: options.mainCf ?? {} };
}

export function nodeRelay(name: string, options: { port?: number; hostNumber?: number; relayhost?: string } = {}): NodeRelaySpec {
  return { kind: 'node-relay', name, ...options, port: options.port ?? 25 };
}

export function sink(name: string, options: { hostNumber?: number } = {}): SinkSpec {
  return { kind: 'sink', name, ...options };
}
