import { createTransport } from 'nodemailer';
import { PostfixContainer, StartedPostfixContainer } from '../../harness/mta/postfix/postfix-container';
import { commonSettings } from '../../harness/mta/postfix/postfix-settings';
import { imageTags } from '../../harness/engine/image-builder';
import { RunNetwork } from '../../harness/topology/run-network';
import { removeRun } from '../../harness/topology/run-cleanup';
import { runLabels } from '../../harness/topology/run-labels';

// A closed port is in effect when closeSmtpPort() returns: the very next connection is refused.
// Idle smtpd processes from before hold the listening socket until they exit; a connection the
// kernel queued on it meanwhile was reset mid-greeting (CI: fault-refused), not refused.
describe('PostfixContainer', () => {
  const runId = `mrh-postfix-test-${process.pid}`;
  let relay: StartedPostfixContainer;

  beforeAll(async () => {
    const network = await RunNetwork.create(runId, runLabels(runId, 'postfix-test'));
    relay = await new PostfixContainer(imageTags().mtas.postfix)
      // No DNS in this test: no reverse lookup of the test's address, which would hold the greeting.
      .withMainCf({ ...commonSettings('relay.example-domain.com', network.subnet), smtpd_peername_lookup: 'no' })
      .withName(`${runId}-relay`)
      .withLabels(runLabels(runId, 'postfix-test'))
      .withFixedAddress(network, network.addressOf(11))
      .start();
  });

  afterAll(() => removeRun(runId));

  // What a client meets at the port: the greeting, or the connect's error code.
  const meet = async (): Promise<string> => {
    const transport = createTransport({ host: relay.address, port: 25, ignoreTLS: true, name: 'probe.test', connectionTimeout: 3_000, greetingTimeout: 3_000 });
    try {
      await transport.verify();
      return 'greeting';
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      return /ECONNREFUSED/.test(message) ? 'refused' : `${code}: ${message}`;
    } finally {
      transport.close();
    }
  };

  it('should refuse the first connection after closeSmtpPort(), with idle smtpd processes from before, and greet the first after openSmtpPort()', async () => {
    const met: string[] = [];
    for (let round = 0; round < 12; round++) {
      // Four sessions at once leave four idle smtpd processes holding the socket.
      met.push(...(await Promise.all([meet(), meet(), meet(), meet()])));
      await relay.closeSmtpPort();
      met.push(await meet());
      await relay.openSmtpPort();
      met.push(await meet());
    }
    expect(met).toEqual(Array.from({ length: 12 }, () => ['greeting', 'greeting', 'greeting', 'greeting', 'refused', 'greeting']).flat());
  });
});
