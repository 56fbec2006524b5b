import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eximAttemptTrails, eximDeliveries, eximQueue } from '../../harness/mta/exim/exim-log';

// Lines captured from Exim 4.98.2 (Debian trixie) as the client of the named scenarios' runs.
const captured = (name: string) => readFileSync(join(__dirname, '../fixtures/exim', `${name}.txt`), 'utf8');
const only = <T>(map: Map<string, T>): T => {
  expect(map.size).toBe(1);
  return [...map.values()][0];
};

describe("Exim's main log, read into attempts and outcomes", () => {
  it('should read a refused host, then the next MX host that took it', () => {
    const trail = only(eximAttemptTrails(captured('fault-mx-pair-refused')));
    expect(trail.map((a) => [a.host, a.result])).toEqual([['mail1.example-domain.com', 'refused'], ['mail2.example-domain.com', 'sent']]);
    expect(trail[1]).toMatchObject({ address: '10.213.215.11', reply: '250 2.0.0 Ok: 730 bytes queued as D4B2433', at: '2026-12-02T11:42:27.162Z' });
    expect(only(eximDeliveries(captured('fault-mx-pair-refused')))).toMatchObject({ status: 'sent', relay: 'mail2.example-domain.com[10.213.215.11]:25' });
  });

  it('should read a host that never greets as a greeting timeout', () => {
    expect(only(eximAttemptTrails(captured('fault-mx-pair-paused'))).map((a) => a.result)).toEqual(['greeting timeout', 'sent']);
  });

  it("should read a 421 greeting as rejected, with the server's reply", () => {
    const [first] = only(eximAttemptTrails(captured('fault-mx-pair-greeting-4xx')));
    expect(first).toMatchObject({ result: 'rejected', reply: expect.stringMatching(/^421 4\.3\.2 /) });
  });

  it('should read a 550 at RCPT as bounced, once', () => {
    const trail = only(eximAttemptTrails(captured('fault-rcpt-5xx')));
    expect(trail).toEqual([expect.objectContaining({ host: 'server-one.example-domain.com', result: 'bounced', reply: expect.stringMatching(/^550 5\.1\.1 /) })]);
    expect(only(eximDeliveries(captured('fault-rcpt-5xx')))).toMatchObject({ status: 'bounced', detail: expect.stringMatching(/550 5\.1\.1/) });
  });

  it('should keep every try across deferrals, without repeating a failure the defer line restates', () => {
    const trail = only(eximAttemptTrails(captured('all-relays-down')));
    const names = trail.map((a) => `${a.host.split('.')[0]} ${a.result}`);
    expect(names.slice(0, 4)).toEqual(['server-one timed out', 'server-three timed out', 'server-two timed out', 'none deferred']);
    expect(names[names.length - 1]).toBe('server-three sent');
    expect(names.filter((n) => n.endsWith('sent'))).toHaveLength(1);
    expect(only(eximDeliveries(captured('all-relays-down'))).attempts).toBe(4);
  });

  it('should keep a try the defer line alone names: a 4xx at RCPT from the next host after one that failed', () => {
    const log = [
      '2026-12-06 03:00:00.000 1vQd3f-000000001x-0Abc H=server-one.example.com [192.168.2.1]:2525 No route to host',
      '2026-12-06 03:00:01.000 1vQd3f-000000001x-0Abc == inbox@example.com R=smarthost T=remote_smtp defer (-44) H=server-two.example.com [192.168.2.2]:2625: SMTP error from remote mail server after RCPT TO:<inbox@example.com>: 451 4.3.0 try again later',
    ].join('\n');
    expect(only(eximAttemptTrails(log)).map((a) => [a.host, a.result, a.reply])).toEqual([
      ['server-one.example.com', 'unreachable', 'No route to host'],
      ['server-two.example.com', 'rejected', '451 4.3.0 try again later'],
    ]);
  });

  it('should read `exim -bp` into queue entries with the last delay reason', () => {
    const listing = ' 5s   666 1xYikI-0000000000I-3EE6 <harness@example-domain.com>\n          inbox@example-domain.com\n\n';
    const [entry] = eximQueue(listing, eximDeliveries(captured('all-relays-down').split('\n').slice(0, 6).join('\n')));
    expect(entry).toEqual({ queueId: '1xYikI-0000000000I-3EE6', queueName: 'queue', recipients: [{ address: 'inbox@example-domain.com', delayReason: expect.stringMatching(/retry time not reached/) }] });
  });
});
