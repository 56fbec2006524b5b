import type { DeliveryRecord } from '../../model/mail-records';

// e.g. "postfix/smtp[88]: 4dK2x1: to=<inbox@example-domain.com>, relay=server-two.example-domain.com[10.213.4.11]:2625, ..., status=sent (250 ...)"
const DELIVERY = /postfix\/(?:smtp|lmtp|error|local|discard)\[\d+\]: ([0-9A-Za-z]+): to=<[^>]*>,(?: orig_to=<[^>]*>,)? relay=([^,]+),.*? status=(\w+)(?: \((.*)\))?$/;

/** Reads the last status per queue id from a Postfix log (maillog_file on stdout). */
export function deliveriesByQueueId(log: string): Map<string, DeliveryRecord> {
  const byQueueId = new Map<string, DeliveryRecord>();
  for (const line of log.split('\n')) {
    const match = line.match(DELIVERY);
    if (!match) continue;
    const [, queueId, relay, status, detail] = match;
    const previous = byQueueId.get(queueId);
    byQueueId.set(queueId, { relay, status, detail, attempts: (previous?.attempts ?? 0) + 1 });
  }
  return byQueueId;
}
