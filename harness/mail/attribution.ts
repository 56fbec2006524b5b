import { parseReceived } from './received-header';

/** A server as the topology knows it: its name, its host name (myhostname, HELO) and its address. */
export interface ServerIdentity {
  name: string;
  hostname: string;
  address: string;
  /** Its IPv6 address on a dual-stack run. */
  address6?: string;
}

/** Whether a client's try went to this server: by its host name, or by either of its addresses. */
export function triedAt(attempt: { host: string; address?: string }, server: ServerIdentity | undefined): boolean {
  if (!server) return false;
  return attempt.host === server.hostname || attempt.address === server.address || (server.address6 !== undefined && attempt.address === server.address6);
}

export interface Attribution {
  carriedBy: string | null;
  problem?: string;
}

/**
 * Decides which server carried a message from the hop into the sink (the newest Received
 * header, the sink's own): the address and the HELO name must name the same server, the
 * sink's recorded peer must be that address, and the relay's own stamp below must agree.
 */
export function attribute(received: string[], peerAddress: string, servers: ServerIdentity[]): Attribution {
  if (received.length === 0) return { carriedBy: null, problem: 'has no Received header' };
  const hop = parseReceived(received[0]);
  const address = hop.fromAddress;
  const helo = hop.fromHelo?.toLowerCase();
  const byAddress = servers.find((server) => server.address === address);
  const byName = servers.find((server) => server.hostname.toLowerCase() === helo);
  if (!address) return { carriedBy: null, problem: `has a top Received header with no sender address: "${received[0]}"` };
  if (address !== peerAddress) {
    return { carriedBy: null, problem: `has a top Received header naming [${address}] but the sink saw the peer ${peerAddress}` };
  }
  if (!byAddress) return { carriedBy: null, problem: `was carried by an unknown host ${hop.fromHelo ?? '?'} [${address}]` };
  if (byName && byName !== byAddress) {
    return { carriedBy: null, problem: `came from [${address}] (${byAddress.name}) but said HELO ${hop.fromHelo} (${byName.name})` };
  }
  if (!byName) {
    return { carriedBy: null, problem: `came from [${address}] (${byAddress.name}) but said HELO ${hop.fromHelo ?? '(none)'}, not ${byAddress.hostname}` };
  }
  const stamp = received[1] ? parseReceived(received[1]).by?.toLowerCase() : undefined;
  if (stamp !== undefined && stamp !== byAddress.hostname.toLowerCase()) {
    return { carriedBy: null, problem: `came from ${byAddress.name} but the relay's own Received header says "by ${stamp}"` };
  }
  return { carriedBy: byAddress.name };
}
