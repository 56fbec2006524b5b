/** Send `count` messages through the client; optionally say which relay(s) must carry each. */
export interface SendStep {
  kind: 'send';
  count: number;
  expectCarriedBy?: string[];
  /** Wait until these messages arrive (or bounce) before the next step. Default true. */
  settle: boolean;
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

export type Step = SendStep | StopStep | StartStep | WaitStep;

export function send(count: number, options: { expectCarriedBy?: string | string[]; settle?: boolean } = {}): SendStep {
  const expected = options.expectCarriedBy;
  return {
    kind: 'send',
    count,
    expectCarriedBy: expected === undefined ? undefined : ([] as string[]).concat(expected),
    settle: options.settle ?? true,
  };
}

export const stop = (server: string): StopStep => ({ kind: 'stop', server });
export const start = (server: string): StartStep => ({ kind: 'start', server });
export const wait = (ms: number): WaitStep => ({ kind: 'wait', ms });

export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'send':
      return `send ${step.count} message${step.count === 1 ? '' : 's'}` +
        (step.expectCarriedBy ? ` (expect carried by ${step.expectCarriedBy.join(' or ')})` : '');
    case 'stop':
      return `stop ${step.server}`;
    case 'start':
      return `start ${step.server}`;
    case 'wait':
      return `wait ${step.ms} ms`;
  }
}
