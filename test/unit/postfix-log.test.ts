import { RUNTIME_NOISE } from '../../harness/mta/postfix/postfix-container';
import { deliveriesByQueueId } from '../../harness/mta/postfix/postfix-log';

// Lines as the client Postfix 3.10 wrote them to stdout during a failover run.
const LOG = `
Nov 24 20:12:21 client postfix/smtp[120]: connect to server-one.example-domain.com[10.213.122.10]:2525: Connection timed out
Nov 24 20:12:21 client postfix/smtp[120]: 0A1B2C3D4E: to=<inbox@example-domain.com>, relay=server-two.example-domain.com[10.213.122.11]:2625, delay=1.1, delays=0/0/1/0.01, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 5F6A7B8C9D)
Nov 24 20:12:22 client postfix/smtp[121]: 1B2C3D4E5F: to=<inbox@example-domain.com>, relay=none, delay=1, delays=0/0/1/0, dsn=4.4.1, status=deferred (connect to server-one.example-domain.com[10.213.122.10]:2525: Connection timed out)
Nov 24 20:12:23 client postfix/smtp[121]: 2C3D4E5F6A: to=<inbox@example-domain.com>, relay=server-one.example-domain.com[10.213.122.10]:2525, delay=0.1, delays=0/0/0/0.1, dsn=5.7.1, status=bounced (host server-one.example-domain.com[10.213.122.10] said: 554 5.7.1 Relay access denied (in reply to RCPT TO command))
`;

describe('deliveriesByQueueId', () => {
  const byId = deliveriesByQueueId(LOG);

  it('should read relay and status of a sent message', () => {
    expect(byId.get('0A1B2C3D4E')).toMatchObject({ relay: 'server-two.example-domain.com[10.213.122.11]:2625', status: 'sent' });
  });

  it('should keep the reason of a deferral', () => {
    expect(byId.get('1B2C3D4E5F')).toMatchObject({ relay: 'none', status: 'deferred' });
    expect(byId.get('1B2C3D4E5F')?.detail).toMatch(/Connection timed out/);
  });

  it('should see a bounce', () => {
    expect(byId.get('2C3D4E5F6A')?.status).toBe('bounced');
  });

  it('should ignore lines that are not delivery attempts', () => {
    expect(byId.size).toBe(3);
  });
});

describe('which Postfix warnings are findings', () => {
  it('should keep configuration warnings and drop the noise of the moment', () => {
    expect(RUNTIME_NOISE.test('postfix/cleanup[97]: warning: file system clock is 1 seconds ahead of local clock')).toBe(true);
    expect(RUNTIME_NOISE.test('postfix/cleanup[97]: warning: resetting file time stamps - this hurts performance')).toBe(true);
    expect(RUNTIME_NOISE.test('postfix/master[1]: warning: process /usr/lib/postfix/sbin/smtp pid 77 exit status 1')).toBe(true);
    expect(RUNTIME_NOISE.test('postconf: warning: /etc/postfix/main.cf: unused parameter: smtp_srv_lookup=yes')).toBe(false);
  });
});
