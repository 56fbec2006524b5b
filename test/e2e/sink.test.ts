import { createTransport } from 'nodemailer';
import { SinkContainer, StartedSinkContainer, SinkMessage } from '../../harness/containers/sink-container';
import { imageTags } from '../../harness/engine/image-builder';
import { RunNetwork } from '../../harness/topology/run-network';
import { removeRun } from '../../harness/topology/run-cleanup';
import { runLabels } from '../../harness/topology/run-labels';

// The sink's read API is incremental (GET /messages?after=N): a reader that polls while mail
// pours in in parallel must end up with every message exactly once.
describe('SinkContainer', () => {
  const runId = `mrh-sink-test-${process.pid}`;
  let sink: StartedSinkContainer;

  beforeAll(async () => {
    const network = await RunNetwork.create(runId, runLabels(runId, 'sink-test'));
    sink = await new SinkContainer(imageTags().sink)
      .withSinkHostname('sink.example-domain.com')
      .withName(`${runId}-sink`)
      .withLabels(runLabels(runId, 'sink-test'))
      .withFixedAddress(network, network.addressOf(10))
      .withResolver(network.addressOf(2))
      .start();
  });

  afterAll(() => removeRun(runId));

  it('should hand every message to an incremental reader exactly once, under parallel delivery', async () => {
    const transport = createTransport({ host: sink.address, port: 25, pool: true, maxConnections: 12, ignoreTLS: true, name: 'sender.test' });
    const count = 300;
    const seen: SinkMessage[] = [];
    let done = false;
    let doneAt = 0;
    const reader = (async () => {
      // Reads while mail arrives, then at most 5 s more: a skipped message makes the count fall short.
      while (!done || (seen.length < count && Date.now() - doneAt < 5_000)) {
        seen.push(...(await sink.messages(seen.length ? seen[seen.length - 1].seq : 0)));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        transport.sendMail({ from: 'a@sender.test', to: 'b@example-domain.com', subject: `m${i}`, text: 'x', headers: { 'X-Harness-Id': `m${i}` } }),
      ),
    );
    transport.close();
    doneAt = Date.now();
    done = true;
    await reader;
    const ids = seen.map((message) => message.harnessId);
    expect(new Set(ids).size).toBe(count);
    expect(ids).toHaveLength(count);
    expect(seen.map((message) => message.seq)).toEqual([...seen.map((message) => message.seq)].sort((a, b) => a - b));
  });
});
