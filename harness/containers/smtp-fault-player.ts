import type { SmtpFault } from '../model/smtp-fault';

export type { SmtpFault };

/**
 * A relay that can misbehave at an SMTP stage while mail flows, and stop again. Postfix plays
 * faults with its restrictions; the node relay with smtp-server's hooks.
 */
export interface SmtpFaultPlayer {
  playSmtpFault(fault: SmtpFault): Promise<void>;
  clearSmtpFaults(): Promise<void>;
}
