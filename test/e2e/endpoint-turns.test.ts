import { getContainerRuntimeClient } from 'testcontainers';
import { SinkContainer, StartedSinkContainer } from '../../harness/containers/sink-container';
import { imageTags } from '../../harness/engine/image-builder';
import { RunNetwork } from '../../harness/topology/run-network';
import { removeRun } from '../../harness/topology/run-cleanup';
import { runLabels } from '../../harness/topology/run-labels';
import { runLeftovers } from './harness-containers';

interface EngineEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  timeNano: number;
}

/**
 * The containers that got an endpoint on the network while another's start was still under way:
 * each `connect` must come after the `start` of the container connected before it.
 */
function overlappingAttachments(events: EngineEvent[], network: string): string[] {
  const ordered = [...events].sort((a, b) => a.timeNano - b.timeNano);
  const overlapping: string[] = [];
  let starting: string | undefined;
  for (const event of ordered) {
    if (event.Type === 'network' && event.Action === 'connect' && event.Actor.Attributes.name === network) {
      if (starting) overlapping.push(event.Actor.Attributes.container);
      starting = event.Actor.Attributes.container;
    } else if (event.Type === 'container' && event.Action === 'start' && event.Actor.ID === starting) {
      starting = undefined;
    }
  }
  return overlapping;
}

// Docker 20.10 can count one endpoint too many when a network's endpoints are added at once, and
// then never removes the network (engine/endpoint-turns.ts): every start is one at a time per
// network, while the members' files and readiness still go in parallel.
describe('endpoint turns on a run network', () => {
  const runId = `mrh-turns-test-${process.pid}`;
  let network: RunNetwork;

  beforeAll(async () => {
    network = await RunNetwork.create(runId, runLabels(runId, 'turns-test'));
  });

  afterAll(async () => {
    await removeRun(runId);
    expect(await runLeftovers(runId)).toEqual({ containers: [], networks: [] });
  });

  const engineEvents = async (since: number, until: number): Promise<EngineEvent[]> => {
    const { dockerode } = (await getContainerRuntimeClient()).container;
    const stream = (await dockerode.getEvents({ since: Math.floor(since / 1000), until: Math.ceil(until / 1000) + 1, filters: JSON.stringify({ type: ['container', 'network'], event: ['start', 'connect'] }) })) as NodeJS.ReadableStream;
    let text = '';
    for await (const chunk of stream) text += chunk.toString();
    return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as EngineEvent);
  };

  it('should start four members in parallel with their endpoints added one at a time, the one the others wait for first, and start two stopped ones so again', async () => {
    const since = Date.now();
    const builders = [10, 11, 12, 13].map((host) => new SinkContainer(imageTags().sink)
      .withName(`${runId}-sink-${host}`)
      .withLabels(runLabels(runId, 'turns-test'))
      .withFixedAddress(network, network.addressOf(host))
      .withResolver(network.addressOf(2)));
    // The last one joins first, as a topology's DNS does; the others wait for it.
    const first = builders[3];
    for (const builder of builders.slice(0, 3)) builder.withEndpointAfter(first.whenEndpointAdded());
    const sinks: StartedSinkContainer[] = await Promise.all(builders.map((builder) => builder.start()));
    await Promise.all(sinks.slice(0, 2).map((sink) => sink.stopServer()));
    await Promise.all(sinks.slice(0, 2).map((sink) => sink.startServer()));
    const events = await engineEvents(since, Date.now());
    const connects = events.filter((event) => event.Type === 'network' && event.Actor.Attributes.name === network.name);
    expect(connects).toHaveLength(6);
    expect(overlappingAttachments(events, network.name)).toEqual([]);
    const firstConnect = connects.sort((a, b) => a.timeNano - b.timeNano)[0];
    expect(firstConnect.Actor.Attributes.container).toBe(sinks[3].getId());
  });

  it('should find an overlap where a second endpoint came before the first start ended (the negative twin)', () => {
    const connect = (container: string, timeNano: number): EngineEvent => ({ Type: 'network', Action: 'connect', Actor: { ID: 'n', Attributes: { name: 'net', container } }, timeNano });
    const start = (container: string, timeNano: number): EngineEvent => ({ Type: 'container', Action: 'start', Actor: { ID: container, Attributes: {} }, timeNano });
    expect(overlappingAttachments([connect('a', 1), connect('b', 2), start('a', 3), start('b', 4)], 'net')).toEqual(['b']);
    expect(overlappingAttachments([connect('a', 1), start('a', 2), connect('b', 3), start('b', 4)], 'net')).toEqual([]);
  });
});
