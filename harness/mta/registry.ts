import type { ClientMtaKind } from './client-mta';
import { postfixClient } from './postfix/postfix-client';
import { eximClient } from './exim/exim-client';
import { opensmtpdClient } from './opensmtpd/opensmtpd-client';
import { sendmailClient } from './sendmail/sendmail-client';

/** Every MTA that can be the client, by kind: a new one is one folder and one line here. */
export const CLIENT_MTAS: Record<string, ClientMtaKind> = {
  postfix: postfixClient,
  exim: eximClient,
  opensmtpd: opensmtpdClient,
  sendmail: sendmailClient,
};

export const DEFAULT_CLIENT = 'postfix';

export function clientKinds(): string[] {
  return Object.keys(CLIENT_MTAS);
}

export function clientMta(kind: string): ClientMtaKind {
  const found = CLIENT_MTAS[kind];
  if (!found) throw new Error(`no client MTA "${kind}" (one of ${clientKinds().join(', ')})`);
  return found;
}
