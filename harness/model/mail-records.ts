// The neutral records every layer speaks: what a queue holds, what a client's log says of each
// message, and each try at a host. An MTA adapter reads its own queue and log into these.

/** One message in an MTA's queue. */
export interface QueueEntry {
  queueId: string;
  /** The MTA's own name for where it sits (Postfix: deferred, active; Exim: queue). */
  queueName: string;
  recipients: { address: string; delayReason?: string }[];
}

/** The last word of a client's log on one message (by its queue id). */
export interface DeliveryRecord {
  /** The host that took it, as `name[address]:port`, or "none". */
  relay?: string;
  /** sent, deferred or bounced. */
  status?: string;
  /** The reply or reason logged with the status. */
  detail?: string;
  /** How many status lines the log has for it. */
  attempts: number;
}

/** One try of one message at one host, as the client's log tells it. */
export interface Attempt {
  /** The host name the client tried, e.g. server-one.example-domain.com ("none" when no host was reached). */
  host: string;
  address: string;
  result: 'sent' | 'refused' | 'timed out' | 'unreachable' | 'greeting timeout' | 'rejected' | 'lost connection' | 'dns failure' | 'deferred' | 'bounced' | 'failed';
  /** The server's reply or the client's reason, as logged. */
  reply?: string;
  /** When the client logged it. */
  at: string;
  /**
   * The try failed after the whole message was sent (no reply to the end of data): the relay may
   * have taken it, and a try elsewhere then makes a second copy (RFC 1047).
   */
  afterWholeMessage?: true;
}

/** A client's delivery log, read: per queue id, its last status and every try. */
export interface ClientLog {
  deliveries: Map<string, DeliveryRecord>;
  attempts: Map<string, Attempt[]>;
  /**
   * Every connection the client began, for a client whose log names them apart from its messages'
   * tries (OpenSMTPD's `mta connecting`: a session that never reached a server delivers nothing,
   * so no message's trail shows it).
   */
  connections?: ClientConnection[];
}

/**
 * A connection the client's log says it began: to which address, when, and how the session ended
 * when it ended before any message was handed to it (OpenSMTPD's sessions wait for a greeting
 * before taking envelopes, so such a try is in no message's trail).
 */
export interface ClientConnection {
  address: string;
  at: string;
  result?: Attempt['result'];
  reply?: string;
  /** When such a session failed. */
  endedAt?: string;
}

/** The kernel's own words for an address nobody answers for (strerror of EHOSTUNREACH, ENETUNREACH), as every MTA logs them. */
export const UNREACHABLE = /No route to host|Network is unreachable|Host is unreachable/i;
