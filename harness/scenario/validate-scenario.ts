import { ScenarioInputError } from '../util/errors';
import { addressesFor, memberClashes } from '../topology/address-plan';
import { ipv6PlaceholdersIn, placeholdersIn, renderZone, reverseOrigin } from '../topology/zone-text';
import type { ScenarioDefinition } from './define-scenario';
import { scenarioSchema } from './scenario-schema';
import { unknownKeySentences } from './unknown-keys';
import { isRelay, serverKind } from '../servers/server-registry';
import { checkZone } from './zone-check';
import type { ShareExpectation } from './share-expectation';
import { stepEffects, stepProblems, type StepCheckContext } from './step-registry';
import { clientOf, runSpeed } from '../mta/client-choice';
import { clientMta } from '../mta/registry';
import { routeHosts } from '../mta/route';

const RESERVED = new Set(['dns', 'client', 'resolver', 'subnet']);
/** The prefix used to render the zone for checking; the run's own prefix differs only in numbers. */
const SAMPLE_PREFIX = '10.213.0';
const SAMPLE_PREFIX6 = 'fd6d:7268:d:0';

/** Problems that need no container to find: shape, names, references. Each a sentence. */
export function scenarioProblems(input: unknown): string[] {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    // A bad record key (a main.cf name, a client file path) carries its reason one level down.
    const reason = (issue: (typeof parsed.error.issues)[number]) =>
      (issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined) ?? issue.message;
    return parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? unknownKeySentences(scenarioSchema, issue.path, issue.keys, input)
        : [`${issue.path.join('.') || 'scenario'}: ${reason(issue)}`]);
  }
  const scenario = input as ScenarioDefinition;
  const problems: string[] = [];
  const names = scenario.servers.map((server) => server.name);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) problems.push(`server name "${name}" is used twice`);
    if (RESERVED.has(name)) problems.push(`server name "${name}" is reserved for the harness`);
    seen.add(name);
  }
  for (const clash of memberClashes(scenario)) problems.push(`${clash}: one address each`);
  if (scenario.hostNumbers?.resolver !== undefined && !scenario.cachingResolver) problems.push('hostNumbers.resolver places a caching resolver the scenario does not ask for (cachingResolver: true)');
  if (!scenario.servers.some((server) => serverKind(server).role === 'sink')) problems.push('there is no sink server to receive the mail');
  const client = clientMta(clientOf(scenario).mta);
  const cannot = scenario.route && client.cannot(scenario.route);
  if (cannot) problems.push(`client: ${cannot}`);
  for (const [name, value] of Object.entries(clientOf(scenario).settings)) {
    const refused = client.refusesSetting?.(name, value);
    if (refused) problems.push(`client.settings.${name}: ${refused}`);
  }
  const timing = scenario.timing ?? 'test';
  const speed = runSpeed(scenario);
  const limit = client.maxSpeed?.({ timing, settings: clientOf(scenario).settings, config: clientOf(scenario).config });
  if (limit && speed > limit.speed) problems.push(`speed: ${client.title} at ${timing} timing runs at most ${limit.speed}×, not ${speed}×: ${limit.why}`);
  if (scenario.clientFiles && !client.takesFiles) problems.push(`clientFiles: ${client.title} takes no lookup tables beside its configuration`);
  const context = stepCheckContext(scenario);
  scenario.steps.forEach((step, index) => {
    for (const problem of stepProblems(step, context)) problems.push(`step ${index + 1} (${step.kind}) ${problem}`);
    for (const server of stepEffects.takesDown(step)) context.down.add(server);
    for (const server of stepEffects.bringsUp(step)) context.down.delete(server);
  });
  const sendSteps = scenario.steps.flatMap((step, index) => (stepEffects.messages(step) > 0 ? [index + 1] : []));
  if (sendSteps.length === 0) problems.push('the scenario sends no mail (no send step), so there is nothing to judge');
  for (const expectation of scenario.expect ?? []) {
    const counted = (expectation as Partial<ShareExpectation>).options;
    if (!counted) continue;
    if (!(counted.claim in counted.models)) problems.push(`expectation "${expectation.description}" claims the model "${counted.claim}", which is not among its models (${Object.keys(counted.models).join(', ')})`);
    for (const number of counted.steps ?? []) {
      if (!sendSteps.includes(number)) problems.push(`expectation "${expectation.description}" counts step ${number}, which is not a send step (send steps: ${sendSteps.join(', ') || 'none'})`);
    }
  }
  for (const [where, text] of [['zone', scenario.zone], ['reverse zone', scenario.reverseZone ?? '']]) {
    if (/^\s*\$INCLUDE\b/im.test(text)) problems.push(`${where}: $INCLUDE is not allowed; give the zone whole, as text`);
  }
  const texts: [string, string][] = [['zone', scenario.zone]];
  for (const host of scenario.route ? routeHosts(scenario.route) : []) texts.push(['route', host.host]);
  if (scenario.reverseZone) texts.push(['reverse zone', scenario.reverseZone]);
  scenario.steps.forEach((step, index) => {
    const text = stepEffects.zoneText(step);
    if (text !== undefined) texts.push([`step ${index + 1} (${step.kind})`, text]);
  });
  for (const [where, text] of texts) {
    for (const name of placeholdersIn(text)) {
      if (!seen.has(name) && !RESERVED.has(name)) problems.push(`${where} refers to {{${name}}}, which is not a server of this scenario`);
    }
    const v6 = ipv6PlaceholdersIn(text);
    if (v6.length > 0 && !scenario.ipv6) problems.push(`${where} refers to {{v6:${v6[0]}}}, an IPv6 address, which only a dual-stack run has (ipv6: true)`);
  }
  return problems;
}

/** What the step checks know of a scenario (its servers, relays, domain, mail), before any step. */
export function stepCheckContext(scenario: ScenarioDefinition): StepCheckContext {
  return {
    servers: new Map(scenario.servers.map((server) => [server.name, server])),
    relays: new Set(scenario.servers.filter(isRelay).map((server) => server.name)),
    domain: scenario.domain,
    messagesSent: scenario.steps.reduce((sum, step) => sum + stepEffects.messages(step), 0),
    down: new Set<string>(),
    speed: runSpeed(scenario),
  };
}

/** Throws a one-line ScenarioInputError naming every problem in the scenario's shape. */
export function assertValidScenario(input: unknown, origin: string): asserts input is ScenarioDefinition {
  const problems = scenarioProblems(input);
  if (problems.length > 0) throw new ScenarioInputError(`${origin}: ${problems.join('; ')}`);
}

/** Renders the zones with sample addresses and has named-checkzone load them. */
export async function assertZoneLoads(scenario: ScenarioDefinition, dnsImage?: string): Promise<void> {
  const addresses = addressesFor(scenario, SAMPLE_PREFIX, scenario.ipv6 ? SAMPLE_PREFIX6 : undefined);
  const zones: [string, string][] = [[scenario.domain, scenario.zone]];
  if (scenario.reverseZone) zones.push([reverseOrigin(SAMPLE_PREFIX), scenario.reverseZone]);
  for (const [origin, text] of zones) {
    const check = await checkZone(origin, renderZone(text, addresses), dnsImage);
    if (!check.ok) throw new ScenarioInputError(`${scenario.name}: the zone for ${origin} does not load: ${check.message}`);
  }
}
