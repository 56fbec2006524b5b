/** Forward-confirmed reverse DNS of a peer: PTR names, and whether one resolves back to the address. */
export interface ReverseDns {
  ptr: string[];
  forwardConfirmed: boolean;
  error?: string;
}

/** A message as the sink keeps it and serves it on GET /messages: headers newest first, its own hop on top. */
export interface StoredMessage {
  seq: number;
  receivedAt: string;
  peerAddress: string;
  helo: string;
  mailFrom: string;
  rcptTo: string[];
  messageId: string | null;
  harnessId: string | null;
  received: string[];
  /** Message-ID of the original, when this is a delivery status notification. */
  bounceOf: string | null;
  reverseDns: ReverseDns;
  size: number;
}
