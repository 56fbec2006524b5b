import type { ServerSpec } from './servers';
import type { SmtpFaultStep } from './steps';

/**
 * Which SMTP faults each relay kind can play, and why not where it cannot. Postfix plays them
 * with its own restrictions (access maps, `sleep`, DISCARD); the node relay with smtp-server's hooks.
 */
export function smtpFaultProblems(step: SmtpFaultStep, server: ServerSpec, speed = 1): string[] {
  const effects = [step.reply !== undefined && 'reply', step.blackHole && 'blackHole', step.dropConnection && 'dropConnection'].filter(Boolean);
  if (effects.length > 1) return [`gives ${effects.join(' and ')}; a fault does one of them`];
  if (effects.length === 0 && !step.delayMs) return ['says nothing to do: give a reply, delayMs, blackHole or dropConnection'];
  if (step.blackHole && step.stage !== 'end-of-data') return ['blackHole accepts the message whole, so its stage is end-of-data'];
  if (step.dropConnection && step.stage !== 'data') return ['dropConnection hangs up while the body arrives, so its stage is data'];
  switch (server.kind) {
    case 'postfix-relay':
      if (step.dropConnection) return [`Postfix has no means to hang up in the middle of DATA; make ${server.name} a nodeRelay(...) for that`];
      if (step.delayMs && (step.delayMs / speed) % 1000 !== 0) {
        return [speed === 1
          ? 'Postfix waits in whole seconds (its sleep restriction): delayMs must be a multiple of 1000'
          : `Postfix waits in whole seconds (its sleep restriction) and a relay runs on real time: at ${speed}× delayMs must be a multiple of ${speed * 1000} (${step.delayMs} ms at the client's clock is ${(step.delayMs / speed).toFixed(0)} ms here)`];
      }
      return [];
    case 'node-relay':
      if (step.stage === 'helo') return [`the node relay (smtp-server) has no HELO hook; make ${server.name} a Postfix relay for faults at helo`];
      if (step.stage === 'data' && !step.dropConnection) return ['the node relay answers the DATA command before its hooks run; use end-of-data for a reply or a delay after the body'];
      return [];
    case 'sink':
      return [`SMTP faults are played by relays; ${server.name} is the sink`];
  }
}
