import { expecting, messageFates } from '../harness';
import { nullMxScenario } from './_null-mx';

/** RFC 7505 as written: `MX 0 .` — every message bounces, none goes to the domain's A record. */
const scenario = nullMxScenario({ name: 'null-mx-0', preference: 0, description: 'null MX (MX 0 .): each message bounces at once; the A record is never used' });

export default scenario;

export const negativeTwin = expecting(scenario, 'claims the mail goes to the A record behind the null MX', [messageFates({ delivered: 5 })], /message fates are exactly: 5 delivered/);
