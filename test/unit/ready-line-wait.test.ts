import type Dockerode from 'dockerode';
import Modem from 'docker-modem';
import { PassThrough } from 'node:stream';
import { ReadyLineWait } from '../../harness/containers/ready-line-wait';

/** A frame of the engine's multiplexed log stream (stdout). */
function frame(text: string): Buffer {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header.writeUInt8(1, 0);
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

/** A container whose log is a stream the test writes to. */
function containerWithLog(): { container: Dockerode.Container; log: PassThrough } {
  const log = new PassThrough();
  const container = { logs: async () => log, modem: new Modem() } as unknown as Dockerode.Container;
  return { container, log };
}

describe('ReadyLineWait', () => {
  it('should be ready at the line, keep what came before it and close the engine stream', async () => {
    const { container, log } = containerWithLog();
    const wait = new ReadyLineWait(/daemon started/);
    const ready = wait.waitUntilReady(container, undefined);
    log.write(frame('postfix/postfix-script: starting\npostfix/master[1]: daemon '));
    log.write(frame('started -- version 3.10.5\n'));
    await ready;
    expect(wait.printed).toEqual(['postfix/postfix-script: starting', 'postfix/master[1]: daemon started -- version 3.10.5']);
    expect(log.destroyed).toBe(true);
  });

  it('should fail with what was printed when the log ends first', async () => {
    const { container, log } = containerWithLog();
    const wait = new ReadyLineWait(/daemon started/);
    const ready = wait.waitUntilReady(container, undefined);
    log.end(frame('postfix: fatal: /etc/postfix/main.cf, line 3: missing \'=\'\n'));
    await expect(ready).rejects.toThrow(/Log stream ended and message "\/daemon started\/" was not received/);
    expect(wait.printed).toEqual(["postfix: fatal: /etc/postfix/main.cf, line 3: missing '='"]);
  });

  it('should fail after the start-up timeout when the line never comes', async () => {
    const { container, log } = containerWithLog();
    const wait = new ReadyLineWait(/running/).withStartupTimeout(50);
    const ready = wait.waitUntilReady(container, undefined);
    log.write(frame('starting BIND\n'));
    await expect(ready).rejects.toThrow('Log message "/running/" not received after 50ms');
    expect(log.destroyed).toBe(true);
  });
});
