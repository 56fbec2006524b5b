import { nullMxScenario } from './_null-mx';

/** RFC 7505 as written: `MX 0 .` — every message bounces, none goes to the domain's A record. */
export default nullMxScenario({ name: 'null-mx-0', preference: 0, description: 'null MX (MX 0 .): each message bounces at once; the A record is never used' });
