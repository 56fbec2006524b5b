import { chaosScenario } from './_chaos';

/** Twelve overlapping faults of every kind but the lossy ones over three MX relays, 100 messages: none lost. */
export default chaosScenario({ name: 'chaos-mx-trio', seed: 1, messages: 100, faults: 12 });
