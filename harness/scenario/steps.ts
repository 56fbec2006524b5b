/** Send `count` messages through the client; optionally say which relay(s) must carry each. */
export interface SendStep {
  kind: 'send';
  count: number;
  expectCarriedBy?: string[];
  /** Wait until these messages arrive (or bounce) before the next step. Default true. */
  settle: boolean;
  /** Envelope and header sender; default harness@<domain>. */
  from?: string;
}

/** Take a server off the network, as `podman stop` does in the article. */
export interface StopStep {
  kind: 'stop';
  server: string;
}

/** Bring a stopped server back and wait until it serves. */
export interface StartStep {
  kind: 'start';
  server: string;
}

export interface WaitStep {
  kind: 'wait';
  ms: number;
}

/** Change the zone while mail flows: nsupdate commands (RFC 2136) sent to the scenario's BIND. */
export interface ChangeDnsStep {
  kind: 'change-dns';
  /** e.g. "update delete _submission._tcp.example-domain.com SRV" lines; {{name}} placeholders allowed. */
  commands: string;
}

/** Check, now, that every message not yet delivered waits in the client's queue and none bounced. */
export interface ExpectQueuedStep {
  kind: 'expect-queued';
}

export type Step = SendStep | StopStep | StartStep | WaitStep | ChangeDnsStep | ExpectQueuedStep;

export function send(count: number, options: { expectCarriedBy?: string | string[]; settle?: boolean; from?: string } = {}): SendStep {
  const expected = options.expectCarriedBy;
  return {
    kind: 'send',
    count,
    expectCarriedBy: expected === undefined ? undefined : ([] as string[]).concat(expected),
    settle: options.settle ?? true,
    from: options.from,
  };
}

export const stop = (server: string): StopStep => ({ kind: 'stop', server });
export const start = (server: string): StartStep => ({ kind: 'start', server });
export const wait = (ms: number): WaitStep => ({ kind: 'wait', ms });
export const changeDns = (commands: string): ChangeDnsStep => ({ kind: 'change-dns', commands });
export const expectQueued = (): ExpectQueuedStep => ({ kind: 'expect-queued' });

export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'send':
      return `send ${step.count} message${step.count === 1 ? '' : 's'}` +
        (step.from ? ` from ${step.from}` : '') +
        (step.expectCarriedBy ? ` (expect carried by ${step.expectCarriedBy.join(' or ')})` : '');
    case 'stop':
      return `stop ${step.server}`;
    case 'start':
      return `start ${step.server}`;
    case 'wait':
      return `wait ${step.ms} ms`;
    case 'change-dns':
      return `change DNS (${step.commands.trim().split('\n').length} update lines)`;
    case 'expect-queued':
      return 'check the client queue holds every undelivered message';
  }
}
