import type { Route } from './route';
import { clientMta, DEFAULT_CLIENT } from './registry';
import { ScenarioInputError } from '../util/errors';
import { speedFor, type ClientTiming } from '../model/client-clock';

import type { ClientChoice } from './client-mta';
export type { ClientChoice } from './client-mta';

export const isClientChoice = (value: unknown): value is ClientChoice =>
  typeof value === 'object' && value !== null && typeof (value as ClientChoice).mta === 'string' && typeof (value as ClientChoice).settings === 'object';

/** The scenario's client, its route and settings, with a bare settings object read as the default MTA's (today's scenarios: Postfix main.cf). */
export function clientOf(scenario: { client?: ClientChoice | Record<string, string>; route?: Route }): ClientChoice {
  const client = scenario.client ?? {};
  return isClientChoice(client) ? client : { mta: DEFAULT_CLIENT, settings: client as Record<string, string> };
}

/**
 * The speed of a scenario's client clock: as asked, else real time at test timing, else the scaled
 * default within what the client's clock allows (OpenSMTPD's start handshake, Exim's alarms).
 */
export function runSpeed(scenario: { client?: ClientChoice | Record<string, string>; route?: Route; timing?: ClientTiming; speed?: number }): number {
  const timing = scenario.timing ?? 'test';
  const choice = clientOf(scenario);
  return speedFor(timing, scenario.speed, clientMta(choice.mta).maxSpeed?.({ timing, settings: choice.settings, config: choice.config })?.speed);
}

/** A scenario asked of a client that has no means for its route: said, not run, not a pass. */
export interface Unsupported {
  scenario: string;
  client: string;
  finding: string;
}

/**
 * The scenario with its client swapped for `kind` (`--client`, the matrix): only a scenario with a
 * neutral route can be swapped; MTA-specific settings belong to the MTA they were written for.
 */
export function onClient<S extends { name: string; route?: Route; client?: ClientChoice | Record<string, string> }>(scenario: S, kind: string): S | Unsupported {
  const mta = clientMta(kind);
  const own = clientOf(scenario);
  if (own.mta === kind) return scenario;
  if (!scenario.route) {
    throw new ScenarioInputError(`${scenario.name} routes with ${clientMta(own.mta).title} settings of its own, not a neutral route (route: byMx(), viaSrv(...)), so --client ${kind} cannot run it`);
  }
  const cannot = mta.cannot(scenario.route);
  if (cannot) return { scenario: scenario.name, client: kind, finding: cannot };
  return { ...scenario, client: { mta: kind, settings: {} } };
}

export const isUnsupported = (value: object): value is Unsupported => 'finding' in value && !('steps' in value);
