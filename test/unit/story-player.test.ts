import { StoryPlayer, type StoryTopology } from '../../harness/scenario/story-player';
import { FaultInjector, type Faultable } from '../../harness/topology/fault-injector';
import type { SinkMessage } from '../../harness/containers/sink-container';
import { chaos, defineScenario, disconnect, heal, kill, pause, postfixRelay, refuse, send, sink, smtpFault, wait, type Step } from '../../harness';
import { chaosSchedule, isGap, type ChaosEntry } from '../../harness/scenario/chaos-schedule';
import { chaosContextOf, describeStep } from '../../harness/scenario/step-registry';
import { stepCheckContext } from '../../harness/scenario/validate-scenario';
import { silentProgress } from '../../harness/util/progress';

// The story's scheduling and heal order, against a stand-in topology that records what was done
// to whom and in which order: no container, no engine.
type Call = string;

function standIn(calls: Call[], arrivals: () => SinkMessage[] = () => []): StoryTopology {
  const member = (name: string): Faultable & Record<string, unknown> => {
    const record = (what: string) => async () => void calls.push(`${what} ${name}`);
    return {
      kill: record('kill'), pause: record('pause'), unpause: record('unpause'),
      leaveNetwork: record('leave-network'), rejoinNetwork: record('rejoin-network'),
      stopServer: record('stop'), startServer: record('start'), restartServer: record('restart'),
      closeSmtpPort: record('close-port'), openSmtpPort: record('open-port'),
      playSmtpFault: record('smtp-fault'), clearSmtpFaults: record('clear-smtp-faults'),
    };
  };
  const servers = new Map(['mail1', 'mail2', 'mail3'].map((name) => [name, member(name)]));
  return {
    network: { name: 'net' },
    dns: { ...member('dns'), failName: async (name: string) => void calls.push(`servfail ${name}`), restoreFailedNames: async () => void calls.push('restore dns') },
    server: (name) => servers.get(name)!,
    // Each stand-in relay can close its port and play SMTP faults, as a Postfix relay's entry says.
    abilities: (name) => ({ closesPort: servers.get(name) as never, playsSmtpFaults: servers.get(name) as never }),
    serverAbilities: () => [],
    client: {
      address: '127.0.0.1', queueIdOf: () => null, queue: async () => [], deliveryLog: async () => ({ deliveries: new Map(), attempts: new Map() }),
      configWarnings: async () => [], faultTimeouts: async () => ({}), exec: async () => ({ exitCode: 1, output: '', stdout: '', stderr: '' }),
    },
    clientKind: 'postfix',
    identities: [],
    changeDns: async () => undefined,
    sinks: () => [{ getName: () => 'mailstore', isRunning: async () => true, messages: async (after = 0) => arrivals().filter((m) => m.seq > after) }],
    members: () => [],
    summary: () => ({ subnet: '10.0.0.0/24', members: [], zone: '' }),
  };
}

const scenario = (steps: Step[]) => defineScenario({
  name: 'story',
  description: 'stand-in',
  domain: 'example-domain.com',
  zone: '',
  servers: [postfixRelay('mail1'), postfixRelay('mail2'), postfixRelay('mail3'), sink('mailstore')],
  steps,
});

async function play(steps: Step[], arrivals?: () => SinkMessage[]): Promise<Call[]> {
  const calls: Call[] = [];
  const player = new StoryPlayer(scenario(steps), standIn(calls, arrivals), 'mrh-story-1', silentProgress);
  try {
    await player.steps();
  } finally {
    player.close();
  }
  return calls;
}

describe('the story player', () => {
  it('should undo every fault on a server in the order that brings it back', async () => {
    expect(await play([pause('mail1'), disconnect('mail1'), refuse('mail1'), smtpFault('mail1', { stage: 'rcpt', reply: '451 4.3.0 later' }), heal('mail1')])).toEqual([
      'pause mail1', 'leave-network mail1', 'close-port mail1', 'smtp-fault mail1',
      'unpause mail1', 'rejoin-network mail1', 'open-port mail1', 'clear-smtp-faults mail1',
    ]);
    expect(await play([kill('mail2'), heal('mail2')])).toEqual(['kill mail2', 'start mail2']);
  });

  it('should begin scheduled faults at their moments while the story goes on, and heal each after its time', async () => {
    const calls = await play([pause('mail1', { at: 300, forMs: 300 }), kill('mail2', { at: 100, forMs: 100 }), wait(800)]);
    expect(calls).toEqual(['kill mail2', 'start mail2', 'pause mail1', 'unpause mail1']);
  });

  it('should begin a fault after message n only once n messages have arrived', async () => {
    const began = Date.now();
    const message = (seq: number) => ({ seq, harnessId: `m-${seq}`, bounceOf: null }) as SinkMessage;
    // One message arrives every 150 ms; the fault waits for the second.
    const arrivals = () => Array.from({ length: Math.min(3, Math.floor((Date.now() - began) / 150)) }, (_, i) => message(i + 1));
    const calls: Call[] = [];
    let arrivedAtFault = -1;
    const topology = standIn(calls, arrivals);
    const mail3 = topology.server('mail3');
    mail3.pause = async () => {
      arrivedAtFault = arrivals().length;
      calls.push('pause mail3');
    };
    const player = new StoryPlayer(scenario([pause('mail3', { afterMessage: 2 }), wait(600)]), topology, 'mrh-story-2', silentProgress);
    await player.steps();
    player.close();
    expect(calls).toEqual(['pause mail3']);
    expect(arrivedAtFault).toBeGreaterThanOrEqual(2);
  });

  it("should play a chaos schedule as its seed draws it, each fault healed, in the schedule's order", async () => {
    const step = chaos({ seed: 5, servers: ['mail1', 'mail2', 'mail3'], kinds: ['kill', 'pause', 'disconnect'], faults: 4, everyMs: 100, forMs: 150 });
    const drawn = chaosSchedule(step, chaosContextOf(stepCheckContext(scenario([step, send(1)])))).filter((e): e is ChaosEntry => !isGap(e));
    const calls = await play([step]);
    const begins = calls.filter((call) => /^(kill|pause|leave-network) /.test(call));
    expect(begins).toEqual(drawn.map((entry) => `${entry.kind === 'disconnect' ? 'leave-network' : entry.kind} ${entry.server}`));
    // Every fault is undone by the end of the story.
    const undo: Record<string, string> = { kill: 'start', pause: 'unpause', disconnect: 'rejoin-network' };
    for (const entry of drawn) expect(calls).toContain(`${undo[entry.kind]} ${entry.server}`);
    expect(calls.length).toBe(drawn.length * 2);
    expect(drawn.map((entry) => describeStep(entry.step))).toHaveLength(4);
  });

  it("should make a server's changes one after another: a kill asked while an undo runs waits for it", async () => {
    const calls: Call[] = [];
    const topology = standIn(calls);
    const mail3 = topology.server('mail3') as Faultable & Record<string, () => Promise<void>>;
    // An undo on a busy machine: the reload takes its time.
    mail3.clearSmtpFaults = async () => {
      calls.push('clearing mail3');
      await new Promise((resolve) => setTimeout(resolve, 100));
      calls.push('cleared mail3');
    };
    const faults = new FaultInjector(topology, Date.now);
    const fault = await faults.smtpFault('mail3', { stage: 'rcpt', reply: '451 4.3.0 later' });
    const undo = faults.heal('mail3', [fault]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await Promise.all([undo, faults.fault('mail3', 'kill')]);
    expect(calls).toEqual(['smtp-fault mail3', 'clearing mail3', 'cleared mail3', 'kill mail3']);
  });

  it('should heal a timed fault alone, and undo a change inside a down server once it is back', async () => {
    const calls: Call[] = [];
    const faults = new FaultInjector(standIn(calls), Date.now);
    const smtp = await faults.smtpFault('mail1', { stage: 'greeting', reply: '421 4.3.2 later' });
    const killed = await faults.fault('mail1', 'kill');
    // The SMTP fault's time is up while the server is killed: no process to change, so it waits.
    await faults.heal('mail1', [smtp]);
    expect(calls).toEqual(['smtp-fault mail1', 'kill mail1']);
    expect(faults.history.find((record) => record.fault === 'kill')?.healedMs).toBeUndefined();
    await faults.heal('mail1', [killed!]);
    expect(calls).toEqual(['smtp-fault mail1', 'kill mail1', 'start mail1', 'clear-smtp-faults mail1']);
    expect(faults.history.every((record) => record.healedMs !== undefined)).toBe(true);
  });

  it('should make an undo asked while a step had stopped the server once a later step starts it', async () => {
    const calls: Call[] = [];
    const faults = new FaultInjector(standIn(calls), Date.now);
    const smtp = await faults.smtpFault('mail2', { stage: 'rcpt', reply: '451 4.3.0 later' });
    await faults.stop('mail2');
    await faults.heal('mail2', [smtp]);
    await faults.start('mail2');
    expect(calls).toEqual(['smtp-fault mail2', 'stop mail2', 'start mail2', 'clear-smtp-faults mail2']);
  });
});
