import { type Attempt, type DeliveryRecord, type QueueEntry, UNREACHABLE } from '../../model/mail-records';
import { AttemptRecorder } from '../attempt-recorder';

// Sendmail 8.18's syslog lines at LogLevel 14, written by rsyslog with RSYSLOG_FileFormat, e.g.
//   2026-12-02T14:18:07.664811+00:00 client sendmail[55]: 6B2EI2u5000037: to=<inbox@example-domain.com>, delay=00:00:05, xdelay=00:00:05, mailer=esmtp, pri=30436, relay=mail2.example-domain.com. [10.213.215.11], dsn=2.0.0, stat=Sent (Ok: queued as 977384)
const LINE = /^(\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)) \S+ sendmail\[\d+\]: (\w{14}): (.*)$/;
// A bounce may carry the server's reply before its stat (`dsn=5.1.1, reply=550 5.1.1 <...>: ..., stat=User unknown`).
const STATUS = /^to=.*?, relay=([^\s,]+)(?: \[([^\]]+)\])?, dsn=(\d)\.\d+\.\d+, (?:reply=.*?, )?stat=(.*)$/;
const CONNECT_FAILED = /^makeconnection \((\S+) \[([^\]]+)\]\.\d+ \(\d+\)\) failed: (.*)$/;
const TIMEOUT = /^timeout waiting for input from (\S+) during (.*)$/;

/** `mail1.example-domain.com.` or `[mail1.example-domain.com]`: the name as the zone has it. */
/** Sendmail writes an IPv6 address whole, behind "IPv6:" (IPv6:fd6d:7268:d:58:0:0:0:11): written as everyone else does. */
const addressOf = (logged: string) => (logged.startsWith('IPv6:') ? new URL(`http://[${logged.slice(5)}]`).hostname.slice(1, -1) : logged);
const hostName = (logged: string) => logged.replace(/^\[|\]$/g, '').replace(/\.$/, '');

interface Parsed {
  id: string;
  at: string;
  text: string;
}

function* lines(log: string): Generator<Parsed> {
  for (const line of log.split('\n')) {
    const match = LINE.exec(line);
    if (match) yield { at: new Date(match[1]).toISOString(), id: match[2], text: match[3] };
  }
}

function classify(reason: string): Pick<Attempt, 'result' | 'reply'> {
  if (/Connection refused/i.test(reason)) return { result: 'refused', reply: reason };
  if (/timed out|timeout/i.test(reason)) return { result: 'timed out', reply: reason };
  if (UNREACHABLE.test(reason)) return { result: 'unreachable', reply: reason };
  if (/^[45]\d\d\b/.test(reason)) return { result: 'rejected', reply: reason };
  if (/reset|lost|closed/i.test(reason)) return { result: 'lost connection', reply: reason };
  if (/Host unknown|Name server|DNS/i.test(reason)) return { result: 'dns failure', reply: reason };
  return { result: 'failed', reply: reason };
}

interface Status {
  id: string;
  at: string;
  host: string;
  address: string;
  outcome: 'sent' | 'deferred' | 'bounced';
  stat: string;
}

/** A `to=` line: the delivery's outcome at the host it names (dsn 2 sent, 4 deferred, 5 bounced). */
function statusOf({ id, at, text }: Parsed): Status | undefined {
  const match = STATUS.exec(text);
  if (!match) return undefined;
  const [, relay, address, dsnClass, stat] = match;
  const outcome = dsnClass === '2' ? 'sent' : dsnClass === '5' ? 'bounced' : 'deferred';
  return { id, at, host: hostName(relay), address: address ? addressOf(address) : '', outcome, stat };
}

/** The server's reply inside `stat=Sent (Ok: queued as X)` or the reason after `Deferred: `. */
const statText = (stat: string) => /^Sent \((.*)\)$/.exec(stat)?.[1] ?? stat.replace(/^Deferred:?\s*/, '');

/** The last status per queue id. */
export function sendmailDeliveries(log: string): Map<string, DeliveryRecord> {
  const byId = new Map<string, DeliveryRecord>();
  for (const parsed of lines(log)) {
    const status = statusOf(parsed);
    if (!status) continue;
    byId.set(status.id, {
      relay: `${status.host}[${status.address}]`,
      status: status.outcome,
      detail: statText(status.stat),
      attempts: (byId.get(status.id)?.attempts ?? 0) + 1,
    });
  }
  return byId;
}

/**
 * Every host each message was tried at, in order. At LogLevel 14 Sendmail logs a failed connect
 * (`makeconnection ... failed`) and a silent host (`timeout waiting for input ... during client
 * greeting`) on lines of their own; a host it skipped on its host status, or whose greeting said
 * 4xx or 5xx, appears only on the delivery's `to=` line, and only when it is the last host tried.
 */
export function sendmailAttemptTrails(log: string): Map<string, Attempt[]> {
  const recorder = new AttemptRecorder();
  for (const parsed of lines(log)) {
    const { id, at, text } = parsed;
    const connect = CONNECT_FAILED.exec(text);
    const timeout = TIMEOUT.exec(text);
    const status = statusOf(parsed);
    if (connect) {
      recorder.add(id, { host: hostName(connect[1]), address: addressOf(connect[2]), ...classify(connect[3]), at });
    } else if (timeout) {
      const greeting = /client greeting/.test(timeout[2]);
      recorder.add(id, { host: hostName(timeout[1]), address: '', result: greeting ? 'greeting timeout' : 'timed out', reply: text, at });
    } else if (status) {
      const reason = statText(status.stat);
      const where = { host: status.host, address: status.address, at };
      if (status.outcome === 'sent') recorder.add(id, { ...where, result: 'sent', reply: reason });
      else if (status.outcome === 'bounced') recorder.add(id, { ...where, ...classify(reason), result: 'bounced' });
      // A deferral restates the last host's failure; a new entry only when no try was logged before it.
      else if (!recorder.triedSinceOutcome(id)) recorder.add(id, { ...where, ...classify(reason), ...(reason === 'Deferred' || reason === '' ? { result: 'deferred' as const } : {}) });
      recorder.outcome(id);
    }
  }
  return recorder.trails;
}

/**
 * `mailq` (Debian's prints the MSP queue, then the MTA's): a line per message (`ID[*X-] size date
 * <sender>`), its last reason in parentheses, then its recipients.
 */
export function sendmailQueue(listing: string): QueueEntry[] {
  const entries: QueueEntry[] = [];
  let reason: string | undefined;
  for (const line of listing.split('\n')) {
    const message = /^(\w{14})([*X-]?)\s+\d+\s/.exec(line);
    if (message) {
      entries.push({ queueId: message[1], queueName: message[2] === 'X' ? 'quarantine' : 'mqueue', recipients: [] });
      reason = undefined;
      continue;
    }
    const current = entries[entries.length - 1];
    const why = /^\s+\((.*)\)\s*$/.exec(line);
    const recipient = /^\s+<?([^\s<>()]+@[^\s<>()]+)>?\s*$/.exec(line);
    if (why) reason = why[1];
    else if (recipient && current) current.recipients.push({ address: recipient[1], delayReason: reason });
  }
  return entries;
}
