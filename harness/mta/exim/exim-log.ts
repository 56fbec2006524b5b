import { type Attempt, type DeliveryRecord, type QueueEntry, UNREACHABLE } from '../../model/mail-records';
import { AttemptRecorder } from '../attempt-recorder';

// Exim's main log, log_selector +millisec +outgoing_port, e.g.
//   2026-12-02 11:40:01.123 1vQd3f-000000001x-0Abc => inbox@example-domain.com R=dnslookup T=remote_smtp H=mail2.example-domain.com [10.213.4.11]:25 C="250 2.0.0 Ok: queued as 4dK2x1"
const LINE = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?) (\w{6}-\w{6,11}-\w{2,4}) (.*)$/;
const HOST = /H=(\S+) \[([^\]]+)\](?::\d+)?/;

function isoTime(stamp: string): string {
  const parsed = new Date(`${stamp.replace(' ', 'T')}Z`);
  return Number.isNaN(parsed.getTime()) ? stamp : parsed.toISOString();
}

const hostIn = (text: string) => {
  const match = HOST.exec(text);
  return match ? { host: match[1], address: match[2] } : { host: 'none', address: '' };
};

/** What Exim's words for a failed try say happened. */
function classify(text: string): Pick<Attempt, 'result' | 'reply' | 'afterWholeMessage'> {
  // "SMTP timeout after end of data", "Remote host closed connection in response to end of data".
  return { ...classifyFailure(text), ...(/(after|in response to) end of data/i.test(text) ? { afterWholeMessage: true } : {}) };
}

function classifyFailure(text: string): Pick<Attempt, 'result' | 'reply'> {
  const smtpError = /SMTP error from remote mail server after (.+?): ([2-5]\d\d\b.*)$/.exec(text);
  if (smtpError) return { result: 'rejected', reply: smtpError[2].replace(/^"|"$/g, '') };
  if (/Connection refused/.test(text)) return { result: 'refused', reply: text };
  if (/SMTP timeout after initial connection|timed out .*greeting/i.test(text)) return { result: 'greeting timeout', reply: text };
  if (/timed out|timeout/i.test(text)) return { result: 'timed out', reply: text };
  if (UNREACHABLE.test(text)) return { result: 'unreachable', reply: text };
  if (/closed connection|Connection reset|lost connection/i.test(text)) return { result: 'lost connection', reply: text };
  if (/lookup|all hosts for .* have no addresses|DNS/i.test(text)) return { result: 'dns failure', reply: text };
  return { result: 'failed', reply: text };
}

interface Parsed {
  id: string;
  at: string;
  /** =>, ==, ** or the rest. */
  flag: string;
  text: string;
}

function* lines(log: string): Generator<Parsed> {
  for (const line of log.split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const [, stamp, id, rest] = match;
    const flag = /^(=>|==|\*\*|->|<=|\*>) /.exec(rest)?.[1] ?? '';
    yield { id, at: isoTime(stamp), flag, text: flag ? rest.slice(flag.length + 1) : rest };
  }
}

/** The reply or reason at the end of a delivery line: `C="250 ..."`, or after `defer (n): `. */
const confirmation = (text: string) => /C="(.*)"$/.exec(text)?.[1] ?? '';
const deferReason = (text: string) => /(?:defer \(-?\d+\)|: )\s*:?\s*(.*)$/.exec(text)?.[1] ?? text;

/** The last status per message id: => sent, == deferred, ** bounced. */
export function eximDeliveries(log: string): Map<string, DeliveryRecord> {
  const byId = new Map<string, DeliveryRecord>();
  for (const { id, flag, text } of lines(log)) {
    const status = flag === '=>' ? 'sent' : flag === '==' ? 'deferred' : flag === '**' ? 'bounced' : undefined;
    if (!status) continue;
    const { host, address } = hostIn(text);
    const port = /H=\S+ \[[^\]]+\]:(\d+)/.exec(text)?.[1];
    byId.set(id, {
      relay: host === 'none' ? 'none' : `${host}[${address}]${port ? `:${port}` : ''}`,
      status,
      detail: status === 'sent' ? confirmation(text) : deferReason(text),
      attempts: (byId.get(id)?.attempts ?? 0) + 1,
    });
  }
  return byId;
}

/**
 * Every host each message was tried at, in order. Exim logs each failed host on a line of its own
 * (`H=host [addr]:port Connection refused`), then the delivery's outcome (=>, == or **).
 */
export function eximAttemptTrails(log: string): Map<string, Attempt[]> {
  const recorder = new AttemptRecorder();
  for (const { id, at, flag, text } of lines(log)) {
    if (flag === '=>') {
      recorder.add(id, { ...hostIn(text), result: 'sent', reply: confirmation(text), at });
      recorder.outcome(id);
    } else if (flag === '**' || flag === '==') {
      // The outcome line repeats the last host's failure; a new entry only when it says something new:
      // no try logged since the last outcome, or a host of its own (a 4xx at RCPT is logged only here).
      const hosted = HOST.test(text);
      const ownHost = hosted && recorder.trails.get(id)?.at(-1)?.address !== hostIn(text).address;
      if (flag === '**') recorder.add(id, { ...hostIn(text), ...classify(text), result: 'bounced', at });
      else if (!recorder.triedSinceOutcome(id) || ownHost) recorder.add(id, { ...hostIn(text), ...classify(deferReason(text)), ...(hosted ? {} : { result: /retry time not reached/.test(text) ? 'deferred' : classify(text).result }), at });
      recorder.outcome(id);
    } else if (!flag && HOST.test(text) && !/^(Completed|SMTP connection|no immediate delivery)/.test(text)) {
      recorder.add(id, { ...hostIn(text), ...classify(text.replace(HOST, '').trim()), at });
    }
  }
  return recorder.trails;
}

/** `exim -bp`'s listing: each message line (age, size, id, sender), then its recipients (D: done). */
export function eximQueue(listing: string, lastWords: Map<string, DeliveryRecord>): QueueEntry[] {
  const entries: QueueEntry[] = [];
  for (const line of listing.split('\n')) {
    const message = /^\s*\S+\s+\S+\s+(\w{6}-\w{6,11}-\w{2,4})\s/.exec(line);
    if (message) {
      entries.push({ queueId: message[1], queueName: /\*\*\* frozen \*\*\*/.test(line) ? 'frozen' : 'queue', recipients: [] });
      continue;
    }
    const recipient = /^\s+(D\s+)?(\S+@\S+)\s*$/.exec(line);
    const current = entries[entries.length - 1];
    if (recipient && current && !recipient[1]) {
      const logged = lastWords.get(current.queueId);
      current.recipients.push({ address: recipient[2], delayReason: logged?.status === 'deferred' ? logged.detail : undefined });
    }
  }
  return entries;
}
