import type { StartedClientMta } from '../mta/client-mta';
import { clientMta } from '../mta/registry';
import { inRealTime } from '../mta/client-clock-reading';
import type { ClientClock } from '../model/client-clock';
import type { FaultCost, FaultRecord } from '../model/fault-record';
import type { ClientConnection, QueueEntry } from '../model/mail-records';
import type { SinkMessage } from '../containers/sink-container';
import type { ServerAbilities } from '../servers/server-kind';
import type { ServerIdentity } from '../mail/attribution';
import type { RelayHandoffs } from '../mail/duplicate-reason';
import type { MessageLedger } from '../mail/message-ledger';
import type { MessageOutcome } from '../mail/message-outcome';
import type { SinkWatch } from './sink-watch';

/** What a run's verdict rests on, all of it read from the client, the sinks and the relays once the story is over. */
export interface RunEvidence {
  /** Each message's fate, from the sinks, the client's queue and log, and the relays' queues. */
  messages: MessageOutcome[];
  identities: ServerIdentity[];
  faults: FaultRecord[];
  /** The client's settings each kind of fault makes it wait out, as its configuration gives them. */
  clientTimeouts: Partial<Record<FaultCost, string>>;
  /** Sessions the client's log names apart from any message's trail. */
  connections: ClientConnection[];
  /** The Message-IDs each carrying relay logged as received; absent for a relay whose log could not be read. */
  relayLogs: Map<string, Set<string> | undefined>;
  client: { mta: string; version: string; warnings: string[] };
  /** What went wrong beside the mail: a sink that could not be read, a member that exited after its start. */
  incidents: string[];
}

/** What the evidence is read from: the started topology, or a unit test's stand-in. */
export interface EvidenceSources {
  client: Pick<StartedClientMta, 'queue' | 'deliveryLog' | 'configWarnings' | 'faultTimeouts' | 'exec'>;
  clientKind: string;
  /** Every server with what it can be asked (its queue, its log of receipts), by its kind. */
  serverAbilities(): [string, Partial<ServerAbilities>][];
  identities: ServerIdentity[];
  members(): [string, { exitsAfterStart: readonly string[] }][];
}

/** Reads everything the verdict needs; nothing here judges. */
export async function gatherEvidence(
  sources: EvidenceSources,
  mail: { ledger: MessageLedger; sinks: SinkWatch },
  faults: readonly FaultRecord[],
  clock: ClientClock,
  startedAtMs: number,
): Promise<RunEvidence> {
  const kind = clientMta(sources.clientKind);
  const [sinkMessages, clientQueue, { deliveries: clientLog, attempts, connections }, warnings, version, clientTimeouts] = await Promise.all([
    mail.sinks.read(),
    sources.client.queue(),
    // A log stamped at the client's clock is read at real time, as every other record is.
    sources.client.deliveryLog().then((log) => (kind.logClock === 'client' ? inRealTime(log, clock) : log)),
    sources.client.configWarnings(),
    clientVersion(sources.client, kind.versionCommand),
    faults.length ? sources.client.faultTimeouts() : Promise.resolve({}),
  ]);
  const servers = sources.serverAbilities();
  const [{ found: relayQueues, asked: relaysAsked }, relayHandoffs] = await Promise.all([
    relayQueuesOf(servers, mail.ledger.undelivered(sinkMessages).map((entry) => entry.queueId), clientQueue),
    relayHandoffsOf(servers, sinkMessages),
  ]);
  const messages = mail.ledger.outcomes({
    sinkMessages, clientQueue, clientLog, attempts, relayQueues, relaysAsked, relayHandoffs,
    servers: sources.identities,
    timeline: { faults: [...faults], startedAtMs },
  });
  return {
    messages,
    identities: sources.identities,
    faults: [...faults],
    clientTimeouts,
    connections: connections ?? [],
    relayLogs: await relayLogsOf(servers, messages),
    client: { mta: sources.clientKind, version, warnings },
    incidents: [...mail.sinks.errors, ...sources.members().flatMap(([, member]) => member.exitsAfterStart)],
  };
}

/** The client's version as its own MTA prints it (the registry's command, run in its container). */
async function clientVersion(client: EvidenceSources['client'], command: string): Promise<string> {
  const asked = await client.exec(['sh', '-c', command]).catch(() => undefined);
  return asked?.exitCode === 0 ? asked.stdout.trim() : 'unknown';
}

/** When the client has handed off mail the sink never got, looks for it in the relays' queues. */
async function relayQueuesOf(servers: [string, Partial<ServerAbilities>][], undelivered: (string | null)[], clientQueue: QueueEntry[]) {
  const found = new Map<string, { relay: string; entry: QueueEntry }>();
  const asked = new Set<string>();
  const inClientQueue = new Set(clientQueue.map((entry) => entry.queueId));
  if (!undelivered.some((queueId) => !inClientQueue.has(queueId ?? ''))) return { found, asked };
  for (const [name, { reportsQueue }] of servers) {
    if (!reportsQueue) continue;
    // A stopped relay cannot be asked; its mail stays "missing", never "lost", until it is started again.
    const queued = await reportsQueue.queuedHarnessIds().catch(() => undefined);
    if (!queued) continue;
    asked.add(name);
    for (const [id, entry] of queued) found.set(id, { relay: name, entry });
  }
  return { found, asked };
}

/**
 * When a message arrived twice: what the relays' own logs say they passed on without learning
 * whether the next hop took it (a second copy that relay made itself).
 */
async function relayHandoffsOf(servers: [string, Partial<ServerAbilities>][], sinkMessages: SinkMessage[]): Promise<RelayHandoffs | undefined> {
  const ids = sinkMessages.map((message) => message.harnessId).filter(Boolean);
  if (new Set(ids).size === ids.length) return undefined;
  const handoffs: RelayHandoffs = new Map();
  await Promise.all(servers.map(async ([name, { logsReceipts }]) => {
    if (!logsReceipts) return;
    // A stopped relay's log is still there to read; one that cannot be read explains nothing.
    for (const [messageId, reply] of await logsReceipts.uncertainHandoffs().catch(() => new Map<string, string>())) handoffs.set(messageId, { relay: name, reply });
  }));
  return handoffs;
}

/** The receipts of every relay that logs them and carried a message. */
async function relayLogsOf(servers: [string, Partial<ServerAbilities>][], messages: MessageOutcome[]): Promise<Map<string, Set<string> | undefined>> {
  const carriers = new Set(messages.flatMap((message) => message.deliveries.flatMap((delivery) => (delivery.carriedBy ? [delivery.carriedBy] : []))));
  const witnesses = servers.flatMap(([name, { logsReceipts }]) => (carriers.has(name) && logsReceipts ? [[name, logsReceipts] as const] : []));
  return new Map(await Promise.all(witnesses.map(async ([name, log]) => [name, await log.receivedMessageIds().catch(() => undefined)] as const)));
}
