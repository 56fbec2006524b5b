import type { Attempt } from './attempt-trail';

/**
 * What became of one sent message, as the sink, the client's queue and the client's log tell it.
 * `lost`: the client handed it to a relay (250 after DATA), which neither holds it nor passed it
 * on: a black hole, named. `missing`: gone, and the evidence does not say where.
 */
export type DeliveryStatus = 'delivered' | 'duplicated' | 'bounced' | 'queued' | 'lost' | 'missing';

export interface Delivery {
  /** Server name, or null when the hop into the sink names no known server. */
  carriedBy: string | null;
  /** Why the hop could not be attributed (unknown host, name and address disagree...). */
  attributionProblem?: string;
  peerAddress: string;
  received: string[];
  deliveredAt: string;
  reverseDns: { ptr: string[]; forwardConfirmed: boolean; error?: string };
}

export interface MessageOutcome {
  id: string;
  messageId: string;
  queueId: string | null;
  /** Index of the send step that sent it. */
  step: number;
  /** When the client accepted it (ISO time), where known. */
  submittedAt?: string;
  expectCarriedBy: string[] | null;
  status: DeliveryStatus;
  deliveries: Delivery[];
  /** The client's own view: `relay=` and status text of its last log line for this queue id. */
  clientLog?: { relay?: string; status?: string; detail?: string };
  /** Every host the client tried, in order, with the result (from its log). */
  attempts?: Attempt[];
  /** Where a queued message waits: "the client" or "relay <name>". */
  queuedAt?: string;
  /** That queue's delay reason. */
  queueReason?: string;
  /** The relay a lost message was handed to. */
  lostAt?: string;
  /** Why a duplicated message arrived twice, where the evidence shows it (the client's or a relay's log, or a relay taken down between its copies). */
  duplicateReason?: string;
}

/** The relay that carried a message exactly once, or null. */
export function carriedBy(outcome: MessageOutcome): string | null {
  return outcome.status === 'delivered' ? outcome.deliveries[0].carriedBy : null;
}

/** One sentence on why a message is not delivered exactly once by a known host, or null when it is. */
export function deliveryProblem(outcome: MessageOutcome): string | null {
  switch (outcome.status) {
    case 'lost':
      return `${outcome.id} was lost at relay ${outcome.lostAt}: it accepted the message (${outcome.clientLog?.detail ?? 'status=sent'}), does not hold it, and never passed it on`;
    case 'missing':
      return `${outcome.id} is missing: not at the sink, not in the client's or a running relay's queue, not bounced`;
    case 'queued':
      return `${outcome.id} is still queued at ${outcome.queuedAt ?? 'the client'} (${outcome.queueReason ?? 'no reason given'})`;
    case 'bounced':
      return `${outcome.id} bounced (${outcome.clientLog?.detail ?? 'a delivery status notification reached the sink'})`;
    case 'duplicated':
      return `${outcome.id} arrived ${outcome.deliveries.length} times (via ${outcome.deliveries.map((d) => d.carriedBy ?? d.peerAddress).join(', ')}): ${outcome.duplicateReason ?? "no log and no relay's take-down explains it"}`;
    case 'delivered': {
      const problem = outcome.deliveries[0].attributionProblem;
      return problem ? `${outcome.id} ${problem}` : null;
    }
  }
}
