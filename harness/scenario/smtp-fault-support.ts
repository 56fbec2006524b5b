import { serverKind, type ServerSpec } from '../servers/server-registry';
import type { SmtpFaultStep } from './steps';

/** Whether an SMTP fault says one thing to do, and then whether the server's kind can play it (its registry entry). */
export function smtpFaultProblems(step: SmtpFaultStep, server: ServerSpec, speed = 1): string[] {
  const effects = [step.reply !== undefined && 'reply', step.blackHole && 'blackHole', step.dropConnection && 'dropConnection'].filter(Boolean);
  if (effects.length > 1) return [`gives ${effects.join(' and ')}; a fault does one of them`];
  if (effects.length === 0 && !step.delayMs) return ['says nothing to do: give a reply, delayMs, blackHole or dropConnection'];
  if (step.blackHole && step.stage !== 'end-of-data') return ['blackHole accepts the message whole, so its stage is end-of-data'];
  if (step.dropConnection && step.stage !== 'data') return ['dropConnection hangs up while the body arrives, so its stage is data'];
  return serverKind(server).smtpFaultProblems(step, server, speed);
}
