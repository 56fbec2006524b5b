import type { SMTPServerOptions } from 'smtp-server';

/**
 * What the sink and the node relay share as SMTP servers: plain SMTP as the relays speak it to
 * each other here (no AUTH, no TLS), the host name they greet with, and no reverse lookup of
 * their own (the sink does its own, forward-confirmed).
 */
export function plainSmtp(hostname: string, banner: string): SMTPServerOptions {
  return {
    name: hostname,
    banner,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    // Not offered: Exim then pipelines QUIT after the final dot, and smtp-server closed the
    // connection before its reply to the message, which Exim took for a failure and sent again.
    hidePIPELINING: true,
    closeTimeout: 1000,
    size: 50 * 1024 * 1024,
  };
}
