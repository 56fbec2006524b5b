import { type Attempt, type ClientConnection, type DeliveryRecord, type QueueEntry, UNREACHABLE } from '../../model/mail-records';

// OpenSMTPD 7.6's mta log, through syslog (smtpd -F; rsyslog's stamp leads), e.g.
//   2026-12-02T11:58:47.512345+00:00 client smtpd[12]: 36c1c1e189478ca4 mta delivery evpid=059a80bb7f305d1f from=<harness@example-domain.com> to=<inbox@example-domain.com> rcpt=<-> source="10.213.139.3" relay="10.213.139.11 (10.213.139.11)" delay=0s result="Ok" stat="250 2.0.0 Ok: queued as 9074533"
const RELAY = / mta delivery evpid=([0-9a-f]{16}) .*? relay="([^\s"]+)(?: \(([^)]*)\))?" delay=\S* result="(Ok|TempFail|PermFail)" stat="(.*)"$/;
// To the millisecond (the Date type's), whichever zone form leads.
const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,3})?)\d*(Z|[+-]\d\d:\d\d)\s/;

const messageId = (envelope: string) => envelope.slice(0, 8);

function classify(stat: string): Pick<Attempt, 'result' | 'reply'> {
  if (/Connection refused/i.test(stat)) return { result: 'refused', reply: stat };
  if (/timeout|timed out/i.test(stat)) return { result: /banner|greeting/i.test(stat) ? 'greeting timeout' : 'timed out', reply: stat };
  if (UNREACHABLE.test(stat)) return { result: 'unreachable', reply: stat };
  if (/^[45]\d\d\b/.test(stat)) return { result: 'rejected', reply: stat };
  if (/closed|reset|lost/i.test(stat)) return { result: 'lost connection', reply: stat };
  if (/DNS|domain|lookup/i.test(stat)) return { result: 'dns failure', reply: stat };
  return { result: 'failed', reply: stat };
}

function* relayLines(log: string) {
  for (const line of log.split('\n')) {
    const match = RELAY.exec(line);
    if (!match) continue;
    const [, envelope, address, host, outcome, stat] = match;
    const stamp = STAMP.exec(line);
    yield { at: stamp ? new Date(`${stamp[1]}${stamp[2]}`).toISOString() : '', outcome, id: messageId(envelope), address, host: host || address, stat };
  }
}

export function smtpdDeliveries(log: string): Map<string, DeliveryRecord> {
  const byId = new Map<string, DeliveryRecord>();
  for (const line of relayLines(log)) {
    const status = line.outcome === 'Ok' ? 'sent' : line.outcome === 'PermFail' ? 'bounced' : 'deferred';
    byId.set(line.id, { relay: `${line.host}[${line.address}]`, status, detail: line.stat, attempts: (byId.get(line.id)?.attempts ?? 0) + 1 });
  }
  return byId;
}

export function smtpdAttemptTrails(log: string): Map<string, Attempt[]> {
  const trails = new Map<string, Attempt[]>();
  for (const line of relayLines(log)) {
    const attempt: Attempt = line.outcome === 'Ok'
      ? { host: line.host, address: line.address, result: 'sent', reply: line.stat, at: line.at }
      : { host: line.host, address: line.address, ...classify(line.stat), ...(line.outcome === 'PermFail' ? { result: 'bounced' as const } : {}), at: line.at };
    trails.set(line.id, [...(trails.get(line.id) ?? []), attempt]);
  }
  return trails;
}

// A session's start, whether or not it reaches the server, and how it went, e.g.
//   ... smtpd[17]: 52dba2fb573f7399 mta connecting address=smtp://10.213.242.11:25 host=10.213.242.11
//   ... smtpd[17]: 52dba2fb573f7400 mta connecting address=smtp://[fd6d:7268:d:1e::11]:25 host=...
//   ... smtpd[17]: 52dba2fb573f7399 mta connected
//   ... smtpd[17]: 52dba2fb573f7399 mta error reason=Connection timeout
const SESSION = / ([0-9a-f]{16}) mta (connecting address=\w+:\/\/(?:\[([^\]]+)\]|([^:\s]+)):\d+|connected$|delivery |error reason=(.*)$)/;

/**
 * Every session the mta began, by address, with how it ended when it failed before any envelope
 * was handed to it: the tries no envelope's delivery line shows. A timeout after "connected" is
 * the greeting's (mta_session.c reports both as "Connection timeout").
 */
export function smtpdConnections(log: string): ClientConnection[] {
  const sessions = new Map<string, ClientConnection & { connected?: boolean; carried?: boolean }>();
  for (const line of log.split('\n')) {
    const match = SESSION.exec(line);
    if (!match) continue;
    const [, id, event, address6, address4, reason] = match;
    const stamp = STAMP.exec(line);
    const at = stamp ? new Date(`${stamp[1]}${stamp[2]}`).toISOString() : '';
    if (event.startsWith('connecting')) {
      sessions.set(id, { address: address6 ?? address4, at });
      continue;
    }
    const session = sessions.get(id);
    if (!session) continue;
    if (event === 'connected') session.connected = true;
    else if (event === 'delivery ') session.carried = true;
    // A session that carried envelopes has its tries in their delivery lines.
    else if (reason !== undefined && !session.carried) {
      const { result, reply } = classify(reason);
      session.result = session.connected && result === 'timed out' ? 'greeting timeout' : result;
      session.reply = reply;
      session.endedAt = at;
    }
  }
  return [...sessions.values()].map(({ connected: _connected, carried: _carried, ...session }) => session);
}

/** `smtpctl show queue`: one envelope a line, `evpid|type|...|rcpt|...|errorline`. */
export function smtpdQueue(listing: string): QueueEntry[] {
  const byMessage = new Map<string, QueueEntry>();
  for (const line of listing.split('\n').filter(Boolean)) {
    const fields = line.split('|');
    const envelope = fields[0];
    if (!/^[0-9a-f]{16}$/.test(envelope)) continue;
    const id = messageId(envelope);
    const recipient = fields.find((f) => /@/.test(f) && f !== fields[3]) ?? '';
    const entry = byMessage.get(id) ?? { queueId: id, queueName: 'queue', recipients: [] };
    entry.recipients.push({ address: recipient, delayReason: fields[fields.length - 1] || undefined });
    byMessage.set(id, entry);
  }
  return [...byMessage.values()];
}
