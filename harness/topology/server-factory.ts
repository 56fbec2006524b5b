import { PostfixContainer } from '../containers/postfix-container';
import { SinkContainer } from '../containers/sink-container';
import { commonSettings } from '../containers/postfix-settings';
import type { HarnessImages } from '../engine/image-builder';
import type { ServerSpec } from '../scenario/servers';

export interface ServerContext {
  images: HarnessImages;
  hostname: string;
  subnet: string;
}

/** One container class per server kind; a new relay kind (Exim, a Node relay) is one more case. */
export function createServerContainer(spec: ServerSpec, context: ServerContext): PostfixContainer | SinkContainer {
  switch (spec.kind) {
    case 'postfix-relay':
      return new PostfixContainer(context.images.postfix)
        .withListenPort(spec.port)
        .withMainCf({ ...commonSettings(context.hostname, context.subnet), ...spec.mainCf });
    case 'sink':
      return new SinkContainer(context.images.sink).withSinkHostname(context.hostname);
  }
}
