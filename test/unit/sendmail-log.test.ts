import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sendmailAttemptTrails, sendmailDeliveries, sendmailQueue } from '../../harness/mta/sendmail/sendmail-log';

// Lines captured from Sendmail 8.18.1 (Debian trixie, LogLevel 14, through rsyslog) as the client
// of the named scenarios' runs; each fixture holds one message's lines.
const captured = (name: string) => readFileSync(join(__dirname, '../fixtures/sendmail', `${name}.txt`), 'utf8');
const only = <T>(map: Map<string, T>): T => {
  expect(map.size).toBe(1);
  return [...map.values()][0];
};
const names = (name: string) => only(sendmailAttemptTrails(captured(name))).map((a) => `${a.host.split('.')[0]} ${a.result}`);

describe("Sendmail's log, read into attempts and outcomes", () => {
  it('should read a refused connect, then the next MX host that took it', () => {
    const trail = only(sendmailAttemptTrails(captured('fault-mx-pair-refused')));
    expect(trail.map((a) => [a.host, a.result])).toEqual([['mail1.example-domain.com', 'refused'], ['mail2.example-domain.com', 'sent']]);
    expect(trail[0]).toMatchObject({ address: '10.213.104.10', at: expect.stringMatching(/^2026-12-02T14:1\d:\d\d\.\d{3}Z$/) });
    expect(trail[1]).toMatchObject({ address: '10.213.104.11', reply: expect.stringMatching(/^Ok: queued as \w+$/) });
    expect(only(sendmailDeliveries(captured('fault-mx-pair-refused')))).toMatchObject({ status: 'sent', relay: 'mail2.example-domain.com[10.213.104.11]', attempts: 1 });
  });

  it("should read a try at a dead IPv6 address (written whole, behind \"IPv6:\") as the address everyone else writes", () => {
    const trail = only(sendmailAttemptTrails(captured('mx-aaaa-dead')));
    expect(trail.map((a) => [a.address, a.result])).toEqual([['fd6d:7268:d:28::11', 'timed out'], ['10.213.40.10', 'sent']]);
  });

  it('should read a deferral on remembered host status (no connect), then the queue run that delivered it', () => {
    expect(names('host-status-deferral')).toEqual(['mail1 refused', 'mail2 sent']);
    expect(only(sendmailDeliveries(captured('host-status-deferral')))).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('should read a host that never greets as a greeting timeout', () => {
    expect(names('fault-mx-pair-paused')).toEqual(['mail1 greeting timeout', 'mail2 sent']);
  });

  it('should read a deferral that gives no reason (a 421 greeting) as deferred at that host', () => {
    expect(names('fault-mx-pair-greeting-4xx')).toEqual(['mail1 deferred', 'mail2 sent']);
  });

  it('should read a 554 greeting that was the last host tried as bounced', () => {
    expect(names('greeting-5xx-bounce')).toEqual(['mail1 bounced']);
    expect(only(sendmailDeliveries(captured('greeting-5xx-bounce')))).toMatchObject({ status: 'bounced', detail: 'Service unavailable' });
  });

  it("should read a bounce whose line gives the server's reply before its stat (Debian's stock sendmail.mc) as bounced", () => {
    expect(only(sendmailDeliveries(captured('rcpt-550-bounce')))).toMatchObject({ status: 'bounced', detail: 'User unknown', relay: 'server-one.example.com[10.213.0.1]' });
  });

  it('should keep every try across deferrals, without repeating a failure the deferral restates', () => {
    expect(names('all-relays-down')).toEqual(['primary timed out', 'backup timed out', 'primary timed out', 'backup timed out']);
    expect(only(sendmailDeliveries(captured('all-relays-down')))).toMatchObject({ status: 'deferred', attempts: 2, detail: expect.stringMatching(/^Connection timed out with backup/) });
  });

  it("should read mailq's MTA queue into entries with their last reason", () => {
    expect(sendmailQueue(captured('mailq-deferred'))).toEqual([
      { queueId: '6B2EL2HH000244', queueName: 'mqueue', recipients: [{ address: 'inbox@example-domain.com', delayReason: 'Deferred: Connection timed out with backup.example-domain.co' }] },
      { queueId: '6B2EL2Zq000249', queueName: 'mqueue', recipients: [{ address: 'inbox@example-domain.com', delayReason: 'Deferred: Connection timed out with backup.example-domain.co' }] },
    ]);
  });
});
