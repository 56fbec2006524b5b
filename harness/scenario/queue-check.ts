import type { QueueEntry } from '../model/mail-records';
import type { LedgerEntry } from '../mail/message-ledger';
import type { DeliveryRecord } from '../model/mail-records';
import type { ExpectationResult } from './expectations';

/**
 * expectQueued(): at this step every message not yet delivered waits in the client's queue, and
 * none bounced. Nothing waiting is a failure too: the check would have counted nothing.
 */
export function judgeQueued(stepIndex: number, waiting: readonly LedgerEntry[], queue: QueueEntry[], clientLog: Map<string, DeliveryRecord>): ExpectationResult {
  const queued = new Set(queue.map((entry) => entry.queueId));
  const description = `at step ${stepIndex + 1}, every undelivered message waits in the client's queue, none bounced`;
  const failures = waiting.flatMap((entry) => {
    const logged = entry.queueId ? clientLog.get(entry.queueId) : undefined;
    if (logged?.status === 'bounced') return [`${entry.id} bounced: ${logged.detail}`];
    if (!entry.queueId || !queued.has(entry.queueId)) return [`${entry.id} is neither delivered nor in the client's queue`];
    return [];
  });
  if (waiting.length === 0) failures.push('no message was waiting: everything had been delivered');
  const reasons = [...new Set(queue.flatMap((entry) => entry.recipients.map((r) => r.delayReason ?? 'waiting')))];
  return { description, passed: failures.length === 0, detail: failures.length ? failures.join('; ') : `${waiting.length} queued (${reasons.slice(0, 2).join('; ')})` };
}
