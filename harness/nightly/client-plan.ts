import type { ScenarioDefinition } from '../scenario/define-scenario';
import { clientOf, isUnsupported, onClient, Unsupported } from '../mta/client-choice';

export type ClientRun = { name: string; scenario: ScenarioDefinition } | { name: string; unsupported: Unsupported };

/**
 * Each scenario on each of `clients`: as written on its own client, swapped (and renamed
 * `<name>-on-<client>`, so nights compare per client) where its route is neutral, a "cannot"
 * where the client has no means for the route. A scenario written in one MTA's settings runs
 * only on that MTA.
 */
export function onClients(scenario: ScenarioDefinition, clients: string[] | undefined): ClientRun[] {
  const own = clientOf(scenario).mta;
  return (clients ?? [own]).flatMap((kind): ClientRun[] => {
    if (kind === own) return [{ name: scenario.name, scenario }];
    if (!scenario.route) return [];
    const name = `${scenario.name}-on-${kind}`;
    const swapped = onClient(scenario, kind);
    return isUnsupported(swapped) ? [{ name, unsupported: swapped }] : [{ name, scenario: { ...swapped, name } }];
  });
}
