import { expecting, messageFates, noMessageDelivered } from '../harness';
import { nullMxScenario } from './_null-mx';

/**
 * `MX 10 .` is not a null MX: RFC 7505 §3 gives a null MX preference 0. It is one MX record for a
 * host named ".", which has no address: RFC 5321 §5.1's "MX records are present, but none of them
 * are usable" applies, to be "reported as an error". Bounced at once (Postfix and Exim read it as a
 * null MX anyway) or kept queued as a temporary error (OpenSMTPD) both report it; the A record,
 * the implicit MX, is never used.
 */
const scenario = nullMxScenario({
  name: 'null-mx-10',
  preference: 10,
  description: 'MX 10 . (not a null MX, a host "." with no address): bounced or kept queued, never sent to the A record',
  source: 'RFC 7505 §3 (null MX is preference 0), RFC 5321 §5.1 (no usable MX: an error, not the implicit MX)',
  expect: [noMessageDelivered()],
});

export default scenario;

export const negativeTwin = expecting(scenario, 'claims the mail goes to the A record behind the null MX', [messageFates({ delivered: 5 })], /message fates are exactly: 5 delivered/);
