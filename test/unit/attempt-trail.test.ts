import { formatTrail } from '../../harness/mail/attempt-trail';
import { attemptTrails } from '../../harness/mta/postfix/postfix-attempt-log';

// Lines as Postfix 3.10's smtp client logged them in the harness's fault runs.
const log = `
Nov 25 03:48:05 client postfix/smtp[166]: 7086D32: to=<inbox@example-domain.com>, relay=server-one.example-domain.com[10.213.109.10]:2525, delay=0.06, delays=0.01/0.01/0.02/0.01, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 7C82032)
Nov 25 03:48:10 client postfix/smtp[166]: B2CCF34: conversation with server-one.example-domain.com[10.213.109.10] timed out while receiving the initial server greeting
Nov 25 03:49:07 client postfix/smtp[168]: connect to server-one.example-domain.com[10.213.85.10]:2525: Connection refused
Nov 25 03:48:10 client postfix/smtp[166]: B2CCF34: to=<inbox@example-domain.com>, relay=server-two.example-domain.com[10.213.109.11]:2625, delay=5.1, delays=0.01/0/5/0.02, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as C03C532)
Nov 25 03:48:22 client postfix/smtp[171]: 9AED636: host server-one.example-domain.com[10.213.27.10] refused to talk to me: 421 4.3.2 <unknown[10.213.27.3]>: Client host rejected: closing
Nov 25 03:48:22 client postfix/smtp[171]: 9AED636: to=<inbox@example-domain.com>, relay=server-two.example-domain.com[10.213.27.11]:2625, delay=0.12, delays=0/0.02/0.09/0.01, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as B825333)
Nov 25 03:49:07 client postfix/smtp[168]: DC5F735: to=<inbox@example-domain.com>, relay=server-three.example-domain.com[10.213.85.12]:2625, delay=0.05, delays=0/0.03/0.02/0, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as E92FF33)
Nov 25 03:48:33 client postfix/smtp[165]: 97E3E34: to=<inbox@example-domain.com>, relay=server-one.example-domain.com[10.213.152.10]:2525, delay=0.07, delays=0.01/0/0.03/0.03, dsn=5.1.1, status=bounced (host server-one.example-domain.com[10.213.152.10] said: 550 5.1.1 <inbox@example-domain.com>: Recipient address rejected: no such user (in reply to RCPT TO command))
Nov 25 03:50:01 client postfix/smtp[170]: connect to server-one.example-domain.com[10.213.5.10]:2525: Connection timed out
Dec  4 21:10:02 client postfix/smtp[172]: connect to mail.example-domain.com[fd6d:7268:d:1e::11]:25: No route to host
Dec  4 21:10:02 client postfix/smtp[172]: 1A2B3: to=<inbox@example-domain.com>, relay=mail.example-domain.com[10.213.5.11]:25, delay=0.1, delays=0/0/0.05/0.05, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4C5D6)
Nov 25 03:50:01 client postfix/smtp[170]: F00D1: to=<inbox@example-domain.com>, relay=none, delay=1, delays=0/0/1/0, dsn=4.4.1, status=deferred (connect to server-one.example-domain.com[10.213.5.10]:2525: Connection timed out)
`;

describe('the attempt trail of each message, from the client log', () => {
  const trails = attemptTrails(log);
  const name = (host: string) => host.split('.')[0];

  it('should list every host tried, in order, with its result', () => {
    expect(formatTrail(trails.get('7086D32')!, name)).toBe('server-one ✓');
    expect(formatTrail(trails.get('B2CCF34')!, name)).toBe('server-one ✗ greeting timeout → server-two ✓');
    expect(formatTrail(trails.get('9AED636')!, name)).toBe('server-one ✗ 421 → server-two ✓');
    expect(formatTrail(trails.get('DC5F735')!, name)).toBe('server-one ✗ refused → server-three ✓');
    expect(formatTrail(trails.get('97E3E34')!, name)).toBe('server-one ✗ 550 bounced');
  });

  // The kernel's answer once neighbour discovery has failed an address: not a timeout of the client's.
  it('should tell a dead address the kernel reports unreachable from one that timed out', () => {
    expect(trails.get('1A2B3')!.map((attempt) => [attempt.address, attempt.result])).toEqual([['fd6d:7268:d:1e::11', 'unreachable'], ['10.213.5.11', 'sent']]);
  });

  it('should keep the reply text and the address, and log a failed connect once', () => {
    expect(trails.get('9AED636')![0]).toMatchObject({ address: '10.213.27.10', result: 'rejected', reply: '421 4.3.2 <unknown[10.213.27.3]>: Client host rejected: closing' });
    expect(trails.get('97E3E34')![0].reply).toBe('550 5.1.1 <inbox@example-domain.com>: Recipient address rejected: no such user (in reply to RCPT TO command)');
    expect(trails.get('F00D1')).toEqual([{ host: 'server-one.example-domain.com', address: '10.213.5.10', result: 'timed out', reply: 'connect to server-one.example-domain.com[10.213.5.10]:2525: Connection timed out', at: expect.stringMatching(/T03:50:01\.000Z$/) }]);
  });
});
