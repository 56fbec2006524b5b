import type { Expectation, RunOutcome } from './expectations';

/**
 * Forward-confirmed reverse DNS of each relay, as the sink saw it when the relay connected:
 * PTR of the address, then A of that name back to the same address (what
 * reject_unknown_client_hostname checks). `confirmed` relays must pass, `unconfirmed` must be flagged.
 */
export function reverseDnsOf(options: { confirmed: string[]; unconfirmed?: string[] }): Expectation {
  const unconfirmed = options.unconfirmed ?? [];
  const description = `forward-confirmed reverse DNS holds for ${options.confirmed.join(', ')}` +
    (unconfirmed.length ? ` and fails for ${unconfirmed.join(', ')}` : '');
  return {
    description,
    judge: ({ messages }: RunOutcome) => {
      const seen = new Map<string, { ptr: string[]; confirmed: boolean }>();
      for (const message of messages) {
        for (const delivery of message.deliveries) {
          if (delivery.carriedBy) seen.set(delivery.carriedBy, { ptr: delivery.reverseDns.ptr, confirmed: delivery.reverseDns.forwardConfirmed });
        }
      }
      const failures: string[] = [];
      const lines: string[] = [];
      for (const [server, wanted] of [...options.confirmed.map((s) => [s, true] as const), ...unconfirmed.map((s) => [s, false] as const)]) {
        const found = seen.get(server);
        if (!found) {
          failures.push(`${server} carried no message, so its reverse DNS was never seen`);
          continue;
        }
        const text = `${server}: PTR ${found.ptr.length ? found.ptr.join(',') : '(none)'} ${found.confirmed ? 'forward-confirmed' : 'NOT confirmed'}`;
        lines.push(text);
        if (found.confirmed !== wanted) failures.push(`${text}, expected ${wanted ? 'confirmed' : 'flagged'}`);
      }
      return { description, passed: failures.length === 0, detail: failures.length ? failures.join('; ') : lines.join('; ') };
    },
  };
}
