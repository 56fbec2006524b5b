import type { SinkMessage } from '../containers/sink-container';
import type { QueueEntry } from '../model/mail-records';
import { attribute, ServerIdentity } from './attribution';
import type { SentMessage } from './mail-sender';
import type { MessageOutcome, Delivery } from './message-outcome';
import type { DeliveryRecord } from '../model/mail-records';
import { hostOf, type Attempt } from './attempt-trail';
import { duplicateReason, type FaultTimeline, type RelayHandoffs } from './duplicate-reason';

export interface LedgerEntry extends SentMessage {
  step: number;
  expectCarriedBy: string[] | null;
}

/** Everything gathered at the end of a run, from which each message's fate is decided. */
export interface Evidence {
  sinkMessages: SinkMessage[];
  clientQueue: QueueEntry[];
  clientLog: Map<string, DeliveryRecord>;
  /** Every host each message was tried at, by the client's queue id. */
  attempts?: Map<string, Attempt[]>;
  /** Messages found in a relay's queue, by harness id. */
  relayQueues: Map<string, { relay: string; entry: QueueEntry }>;
  /** The relays whose queues were read: only these can be said to have lost a message. */
  relaysAsked?: Set<string>;
  servers: ServerIdentity[];
  /** The run's faults: a relay taken down between two copies of a message explains them. */
  timeline?: FaultTimeline;
  /** What relays' own logs say they passed on without learning whether the next hop took it. */
  relayHandoffs?: RelayHandoffs;
}

/** Keeps what was sent and accounts for each message: delivered, duplicated, bounced, queued, missing. */
export class MessageLedger {
  private readonly entries: LedgerEntry[] = [];
  private sequence = 0;

  constructor(private readonly prefix: string) {}

  nextIds(count: number): string[] {
    return Array.from({ length: count }, () => `${this.prefix}-${++this.sequence}`);
  }

  record(sent: SentMessage[], step: number, expectCarriedBy: string[] | null): void {
    for (const message of sent) this.entries.push({ ...message, step, expectCarriedBy });
  }

  get sent(): readonly LedgerEntry[] {
    return this.entries;
  }

  /**
   * Ids that neither reached a sink nor came back as a bounce (at a sink), nor are done with for
   * good by the client's log (`goneQueueIds`: bounced, or handed to a relay that lost them).
   */
  outstanding(ids: string[], sinkMessages: SinkMessage[], goneQueueIds: Set<string> = new Set()): string[] {
    const arrived = new Set(sinkMessages.map((message) => message.harnessId));
    const bouncedMessageIds = new Set(sinkMessages.map((message) => message.bounceOf));
    const entryOf = new Map(this.entries.map((entry) => [entry.id, entry]));
    return ids.filter((id) => {
      const entry = entryOf.get(id);
      return !arrived.has(id) && !bouncedMessageIds.has(entry?.messageId ?? null) && !goneQueueIds.has(entry?.queueId ?? '');
    });
  }

  /** The sent messages that neither reached a sink nor bounced, so far. */
  undelivered(sinkMessages: SinkMessage[]): LedgerEntry[] {
    const waiting = new Set(this.outstanding(this.entries.map((entry) => entry.id), sinkMessages));
    return this.entries.filter((entry) => waiting.has(entry.id));
  }

  outcomes(evidence: Evidence): MessageOutcome[] {
    const deliveries = new Map<string, SinkMessage[]>();
    const bounced = new Set<string>();
    for (const message of evidence.sinkMessages) {
      if (message.bounceOf) bounced.add(message.bounceOf);
      else if (message.harnessId) deliveries.set(message.harnessId, [...(deliveries.get(message.harnessId) ?? []), message]);
    }
    const queued = new Map(evidence.clientQueue.map((entry) => [entry.queueId, entry]));
    return this.entries.map((entry) => {
      const arrived = (deliveries.get(entry.id) ?? []).map((message) => toDelivery(message, evidence.servers));
      const log = entry.queueId ? evidence.clientLog.get(entry.queueId) : undefined;
      const inClientQueue = entry.queueId ? queued.get(entry.queueId) : undefined;
      const atRelay = evidence.relayQueues.get(entry.id);
      const inQueue = inClientQueue ?? atRelay?.entry;
      const handedTo = log?.status === 'sent' ? relayNamed(log.relay, evidence.servers) : undefined;
      const lostAt = handedTo && evidence.relaysAsked?.has(handedTo) ? handedTo : undefined;
      const status: MessageOutcome['status'] =
        arrived.length > 1 ? 'duplicated'
        : arrived.length === 1 ? 'delivered'
        : bounced.has(entry.messageId) || log?.status === 'bounced' ? 'bounced'
        : inQueue ? 'queued'
        : lostAt ? 'lost'
        : 'missing';
      return {
        id: entry.id,
        messageId: entry.messageId,
        queueId: entry.queueId,
        step: entry.step,
        submittedAt: entry.submittedAt,
        expectCarriedBy: entry.expectCarriedBy,
        status,
        deliveries: arrived,
        clientLog: log && { relay: log.relay, status: log.status, detail: log.detail },
        attempts: (entry.queueId && evidence.attempts?.get(entry.queueId)) || [],
        queuedAt: inClientQueue ? 'the client' : atRelay && `relay ${atRelay.relay}`,
        queueReason: inQueue && `${inQueue.queueName}: ${inQueue.recipients.map((r) => r.delayReason ?? 'waiting').join('; ')}`,
        ...(status === 'lost' ? { lostAt } : {}),
        ...(status === 'duplicated' ? { duplicateReason: duplicateReason(arrived, {
          messageId: entry.messageId,
          attempts: (entry.queueId && evidence.attempts?.get(entry.queueId)) || [],
          servers: evidence.servers,
          timeline: evidence.timeline,
          relayHandoffs: evidence.relayHandoffs,
        }) } : {}),
      };
    });
  }
}

/** The server a client log's `relay=host[address]:port` names, by its address. */
export function relayNamed(relay: string | undefined, servers: ServerIdentity[]): string | undefined {
  const { address } = hostOf(relay ?? '');
  return servers.find((server) => server.address === address)?.name;
}

function toDelivery(message: SinkMessage, servers: ServerIdentity[]): Delivery {
  const attribution = attribute(message.received, message.peerAddress, servers);
  return {
    carriedBy: attribution.carriedBy,
    attributionProblem: attribution.problem,
    peerAddress: message.peerAddress,
    received: message.received,
    deliveredAt: message.receivedAt,
    reverseDns: message.reverseDns,
  };
}
