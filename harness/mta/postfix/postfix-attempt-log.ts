import { type Attempt, UNREACHABLE } from '../../model/mail-records';
import { hostOf } from '../../mail/attempt-trail';

const LINE = /^(\w{3}\s+\d+ \d\d:\d\d:\d\d) \S+ postfix\/smtp\[(\d+)\]: (.*)$/;
const QUEUE_ID = /^([0-9A-Za-z]+): (.*)$/;

/** "Nov 25 03:49:17" → ISO time (the year is the current one; the log omits it). */
function isoTime(stamp: string): string {
  const parsed = new Date(`${stamp} ${new Date().getUTCFullYear()} UTC`);
  return Number.isNaN(parsed.getTime()) ? stamp : parsed.toISOString();
}

/** What a failure text says happened, e.g. "connect to h[a]:2525: Connection refused". */
function classify(text: string): Pick<Attempt, 'result' | 'reply' | 'afterWholeMessage'> {
  return { ...classifyFailure(text), ...(/message may be sent more than once/.test(text) ? { afterWholeMessage: true } : {}) };
}

function classifyFailure(text: string): Pick<Attempt, 'result' | 'reply'> {
  if (/Connection refused/.test(text)) return { result: 'refused', reply: text };
  if (/timed out while receiving the initial server greeting/.test(text)) return { result: 'greeting timeout', reply: text };
  if (/Connection timed out|timed out while/.test(text)) return { result: 'timed out', reply: text };
  if (UNREACHABLE.test(text)) return { result: 'unreachable', reply: text };
  if (/refused to talk to me: (.*)$/.test(text)) return { result: 'rejected', reply: /refused to talk to me: (.*)$/.exec(text)![1] };
  if (/ said: (.*)$/.test(text)) return { result: 'rejected', reply: / said: (.*)$/.exec(text)![1] };
  if (/lost connection/.test(text)) return { result: 'lost connection', reply: text };
  if (/Host or domain name not found|Name service error/.test(text)) return { result: 'dns failure', reply: text };
  return { result: 'failed', reply: text };
}

/**
 * Every host each message was tried at, in order, from the client's log. Connection failures are
 * logged by the smtp process without a queue id, before the status line of the delivery it was
 * working on; an smtp process works on one delivery at a time, so they belong to that delivery.
 */
export function attemptTrails(log: string): Map<string, Attempt[]> {
  const trails = new Map<string, Attempt[]>();
  const pendingByProcess = new Map<string, Attempt[]>();
  const add = (queueId: string, attempts: Attempt[]) => trails.set(queueId, [...(trails.get(queueId) ?? []), ...attempts]);
  for (const line of log.split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const [, stamp, pid, text] = match;
    const at = isoTime(stamp);
    const withId = QUEUE_ID.exec(text);
    if (!withId) {
      if (/^connect to /.test(text)) pendingByProcess.set(pid, [...(pendingByProcess.get(pid) ?? []), { ...hostOf(text), ...classify(text), at }]);
      continue;
    }
    const [, queueId, rest] = withId;
    const earlier = pendingByProcess.get(pid) ?? [];
    pendingByProcess.delete(pid);
    const status = /^to=<[^>]*>,(?: orig_to=<[^>]*>,)? relay=([^,]+),.*? status=(\w+)(?: \((.*)\))?$/.exec(rest);
    if (status) {
      const [, relay, state, detail = ''] = status;
      const final: Attempt = state === 'sent'
        ? { ...hostOf(relay), result: 'sent', reply: detail, at }
        : { ...(relay === 'none' ? hostOf(detail) : hostOf(relay)), ...classify(detail), at };
      // The final line of a failed delivery repeats the last failure: keep it once, with its status.
      if (state !== 'sent') final.result = state === 'bounced' ? 'bounced' : final.result === 'failed' ? 'deferred' : final.result;
      const last = earlier[earlier.length - 1];
      if (last && state !== 'sent' && relay === 'none' && last.address === final.address) earlier.pop();
      add(queueId, [...earlier, final]);
    } else if (/^(conversation with|host |lost connection with)/.test(rest)) {
      add(queueId, [...earlier, { ...hostOf(rest), ...classify(rest), at }]);
    } else if (earlier.length) {
      pendingByProcess.set(pid, earlier);
    }
  }
  return trails;
}

/** Queue id to Message-ID, as cleanup logged each message it took in. */
export function messageIdsByQueueId(log: string): Map<string, string> {
  return new Map([...log.matchAll(/postfix\/cleanup\[\d+\]: (\w+): message-id=(<[^>]*>)/g)].map((match) => [match[1], match[2]]));
}

/** By Message-ID: what this Postfix logged when it gave up on a next hop after sending it the whole message. */
export function uncertainHandoffs(log: string): Map<string, string> {
  const messageIds = messageIdsByQueueId(log);
  const handoffs = new Map<string, string>();
  for (const [queueId, attempts] of attemptTrails(log)) {
    const window = attempts.find((attempt) => attempt.afterWholeMessage);
    const messageId = messageIds.get(queueId);
    if (window && messageId) handoffs.set(messageId, window.reply ?? '');
  }
  return handoffs;
}
