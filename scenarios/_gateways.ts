import { postfixRelay } from '../harness';

/**
 * A mail gateway in front of the mailbox server (seed 001's "proxmox mail gateways"): it accepts
 * mail for the domain and forwards everything to `mailstore`, the sink.
 */
export function gateway(name: string, options: { port?: number } = {}) {
  return postfixRelay(name, { port: options.port ?? 25, mainCf: { relayhost: '[mailstore.example-domain.com]' } });
}
