import type { ScenarioDefinition } from './define-scenario';
import type { Expectation } from './expectations';
import { withClaim } from './share-expectation';

/**
 * A broken variant of a scenario that must FAIL: the proof that the scenario's expectations can
 * fail. A scenario file exports it beside its default export (`export const negativeTwin = ...`).
 */
export interface NegativeTwin {
  /** What is broken, in a few words. */
  broken: string;
  twin: ScenarioDefinition;
  /** Matches the description of an expectation that must not hold on the twin. */
  fails: RegExp;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The scenario with some of its definition changed, named `<name>-twin`. */
export function changing(scenario: ScenarioDefinition, broken: string, changes: Partial<ScenarioDefinition>, fails: RegExp): NegativeTwin {
  return { broken, twin: { ...scenario, name: `${scenario.name}-twin`, ...changes }, fails };
}

/**
 * The same run, claiming the send step numbered `step` (from 1, as the report counts) was carried
 * by `carriers`: a twin judged on the scenario's own run.
 */
export function claimingCarriers(scenario: ScenarioDefinition, step: number, carriers: string | string[], broken?: string): NegativeTwin {
  const list = [carriers].flat();
  if (scenario.steps[step - 1]?.kind !== 'send') throw new Error(`${scenario.name}: step ${step} is not a send step, so no carriers can be claimed for it`);
  const steps = scenario.steps.map((s, i) => (i === step - 1 && s.kind === 'send' ? { ...s, expectCarriedBy: list } : s));
  const named = list.join(' or ');
  return changing(scenario, broken ?? `claims ${named} carried step ${step}`, { steps }, new RegExp(`step ${step} (is|are each) carried by ${escaped(named)}`));
}

/** The same run judged against another of its share expectation's models. */
export function claimingModel(scenario: ScenarioDefinition, model: string, broken = `claims ${model}`): NegativeTwin {
  return changing(scenario, broken, { expect: withClaim(scenario, model).expect }, new RegExp(`fits the ${escaped(model)} model`));
}

/** The same run, or the changed one, judged by other expectations only. */
export function expecting(scenario: ScenarioDefinition, broken: string, expect: Expectation[], fails: RegExp, changes: Partial<ScenarioDefinition> = {}): NegativeTwin {
  return changing(scenario, broken, { ...changes, expect }, fails);
}
