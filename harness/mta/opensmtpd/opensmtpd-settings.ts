import type { RelayHost, Route } from '../route';

export interface SmtpdConfigInput {
  hostname: string;
  subnet: string;
  route: Route;
}

const url = (relay: RelayHost) => `smtp://${relay.host}:${relay.port ?? 25}`;

/**
 * Why OpenSMTPD cannot follow a route: it has no SRV lookup, its `relay host` takes one URL, and it
 * has no fallback relay. Undefined when it can.
 */
export function smtpdCannot(route: Route): string | undefined {
  if (route.via === 'srv') return 'OpenSMTPD has no SRV lookup (it relays by MX or to one host)';
  if (route.via === 'hosts' && route.hosts.length > 1) return 'OpenSMTPD relays to one host per action (`relay host` takes one URL), not a list';
  if (route.fallback) return 'OpenSMTPD has no fallback relay';
  return undefined;
}

/**
 * smtpd.conf: listen on the run's network, relay everything from it by MX (or to its one host).
 * OpenSMTPD's timeouts and its route penalty (15 s × penalty²) are compiled in: there is no
 * setting for the test timing the other clients get, so what a dead host costs is its own.
 */
export function renderSmtpdConfig(input: SmtpdConfigInput): string {
  const relay = input.route.via === 'hosts' ? `relay host ${url(input.route.hosts[0])}` : 'relay';
  return [
    // The submitter sends many messages per session; smtpd resets one after 100 by default.
    'smtp limit max-mails 100000',
    'listen on 0.0.0.0 port 25',
    `action "out" ${relay} helo ${input.hostname}`,
    // Inline: a `table senders {...}` line is a syntax error to 7.6 ("senders" is a keyword).
    `match from src { 127.0.0.1, ${input.subnet} } for any action "out"`,
    '',
  ].join('\n');
}
