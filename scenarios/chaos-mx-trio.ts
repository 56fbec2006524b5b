import { expecting, everyTryAt } from '../harness';
import { chaosScenario } from './_chaos';

/** Twelve overlapping faults of every kind but the lossy ones over three MX relays, 100 messages: none lost. */
const scenario = chaosScenario({ name: 'chaos-mx-trio', seed: 1, messages: 100, faults: 12 });

export default scenario;

export const negativeTwin = expecting(scenario, 'claims every try at mail1 went through, under the chaos', [everyTryAt('mail1', 'sent')], /every try at mail1 ended as "sent"/);
