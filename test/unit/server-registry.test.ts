import { SERVER_KINDS, abilitiesOf, can, serverKind, isRelay } from '../../harness/servers/server-registry';
import type { ServerAbilities } from '../../harness/servers/server-kind';
import { StartedPostfixContainer } from '../../harness/mta/postfix/postfix-container';
import { StartedNodeRelayContainer } from '../../harness/containers/node-relay-container';
import { StartedSinkContainer } from '../../harness/containers/sink-container';
import type { StartedHarnessContainer } from '../../harness/containers/harness-container';
import { nodeRelay, postfixRelay, sink } from '../../harness';
import { stepProblems } from '../../harness/scenario/step-registry';
import { stepCheckContext } from '../../harness/scenario/validate-scenario';
import { defineScenario, refuse, send, smtpFault } from '../../harness';

// What a server can do is said once, in its kind's entry: validation before the start and the run
// after it read the same entry, and each ability is a method set its container really has.
const METHODS: { [A in keyof ServerAbilities]: string[] } = {
  closesPort: ['closeSmtpPort', 'openSmtpPort'],
  playsSmtpFaults: ['playSmtpFault', 'clearSmtpFaults'],
  reportsQueue: ['queuedHarnessIds', 'holdsMail'],
  logsReceipts: ['receivedMessageIds', 'uncertainHandoffs'],
  receivesMail: ['messages', 'getName', 'isRunning'],
};
const STARTED: Record<keyof typeof SERVER_KINDS, { prototype: object }> = {
  'postfix-relay': StartedPostfixContainer,
  'node-relay': StartedNodeRelayContainer,
  sink: StartedSinkContainer,
};
const specs = [postfixRelay('mail1'), nodeRelay('mail2'), sink('mailstore')];

describe('the server registry', () => {
  it.each(specs)("should give a started $kind exactly the abilities its entry names, each one its container's own methods", (spec) => {
    const started = Object.create(STARTED[spec.kind].prototype) as StartedHarnessContainer;
    const abilities = abilitiesOf(spec, started);
    for (const [ability, methods] of Object.entries(METHODS) as [keyof ServerAbilities, string[]][]) {
      expect([ability, can(spec, ability)]).toEqual([ability, ability in abilities]);
      for (const method of can(spec, ability) ? methods : []) expect([spec.kind, method, typeof (abilities[ability] as unknown as Record<string, unknown>)[method]]).toEqual([spec.kind, method, 'function']);
    }
  });

  it('should let validation refuse a fault by what the entry says the kind can do', () => {
    const scenario = defineScenario({ name: 'kinds', description: 'x', domain: 'example-domain.com', zone: 'x', servers: specs, steps: [send(1)] });
    const context = stepCheckContext(scenario);
    expect(stepProblems(refuse('mail1'), context)).toEqual([]);
    expect(stepProblems(refuse('mail2'), context)).toEqual(['refuse closes a relay\'s own SMTP port; mail2 cannot close its port (a Postfix relay can)']);
    expect(stepProblems(smtpFault('mailstore', { stage: 'rcpt', reply: '451 4.3.0 later' }), context)).toEqual(['SMTP faults are played by relays; mailstore is the sink']);
    expect(specs.map((spec) => [spec.name, isRelay(spec), serverKind(spec).role])).toEqual([['mail1', true, 'relay'], ['mail2', true, 'relay'], ['mailstore', false, 'sink']]);
  });
});
