import { expecting, messageFates } from '../harness';
import { nullMxScenario } from './_null-mx';

/**
 * RFC 7505 says a null MX has preference 0; a domain that writes `MX 10 .` still has one MX record
 * for ".". Postfix and Exim read it as a null MX too; an MTA that does not looks up "." instead.
 */
const scenario = nullMxScenario({ name: 'null-mx-10', preference: 10, description: 'null MX written MX 10 .: read as a null MX (bounce), or as a host named "."' });

export default scenario;

export const negativeTwin = expecting(scenario, 'claims the mail goes to the A record behind the null MX', [messageFates({ delivered: 5 })], /message fates are exactly: 5 delivered/);
