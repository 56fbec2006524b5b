import type { SmtpFaultOptions } from '../scenario/steps';

/** An SMTP fault as a relay plays it: the stage and what goes wrong there, without its timing. */
export type SmtpFault = Omit<SmtpFaultOptions, 'forMs' | 'at' | 'afterMessage'>;

/**
 * A relay that can misbehave at an SMTP stage while mail flows, and stop again. Postfix plays
 * faults with its restrictions; the node relay with smtp-server's hooks.
 */
export interface SmtpFaultPlayer {
  playSmtpFault(fault: SmtpFault): Promise<void>;
  clearSmtpFaults(): Promise<void>;
}
