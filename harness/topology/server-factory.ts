import { PostfixContainer } from '../mta/postfix/postfix-container';
import { SinkContainer } from '../containers/sink-container';
import { NodeRelayContainer } from '../containers/node-relay-container';
import { commonSettings } from '../mta/postfix/postfix-settings';
import type { HarnessImages } from '../engine/image-builder';
import type { ServerSpec } from '../scenario/servers';

export interface ServerContext {
  images: HarnessImages;
  hostname: string;
  subnet: string;
  /** True when no step stops this server, so its queue may live in memory. */
  neverStopped: boolean;
}

/** One container class per server kind: the one place that names them (relays are Postfix or Node). */
export function createServerContainer(spec: ServerSpec, context: ServerContext): PostfixContainer | NodeRelayContainer | SinkContainer {
  switch (spec.kind) {
    case 'postfix-relay': {
      const relay = new PostfixContainer(context.images.mtas.postfix)
        .withListenPort(spec.port)
        .withMainCf({ ...commonSettings(context.hostname, context.subnet), ...spec.mainCf });
      return context.neverStopped ? relay.withQueueInMemory() : relay;
    }
    case 'node-relay':
      return new NodeRelayContainer(context.images.sink).withRelayHostname(context.hostname).withListenPort(spec.port).withRelayhost(spec.relayhost);
    case 'sink':
      return new SinkContainer(context.images.sink).withSinkHostname(context.hostname);
  }
}
