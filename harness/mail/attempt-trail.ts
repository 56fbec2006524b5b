import type { Attempt } from '../model/mail-records';
export type { Attempt } from '../model/mail-records';

const HOST = /([^\s[]+)\[([^\]]+)\]/;

/** The first `host[address]` in a log text, e.g. Postfix's `relay=h[10.0.0.1]:25`. */
export function hostOf(text: string): { host: string; address: string } {
  const match = HOST.exec(text);
  return match ? { host: match[1], address: match[2] } : { host: 'none', address: '' };
}

/** `server-one ✗ greeting timeout → server-three ✓`, with names from `nameOf` (host name → server name). */
export function formatTrail(attempts: Attempt[], nameOf: (host: string) => string): string {
  const code = (a: Attempt) => /^[245]\d\d\b/.exec(a.reply ?? '')?.[0];
  const outcome = (a: Attempt) =>
    a.result === 'sent' ? '✓'
    : a.result === 'rejected' ? `✗ ${code(a) ?? 'rejected'}`
    : a.result === 'bounced' ? `✗ ${code(a) ? `${code(a)} ` : ''}bounced`
    : `✗ ${a.result}`;
  // A try over IPv6 (a dual-stack run) says so: the host name alone does not tell it from the IPv4 one.
  const family = (a: Attempt) => (a.address?.includes(':') ? ' (IPv6)' : '');
  return attempts.map((a) => `${a.host === 'none' ? (a.result === 'dns failure' ? 'DNS' : 'no host') : nameOf(a.host)}${family(a)} ${outcome(a)}`).join(' → ');
}
