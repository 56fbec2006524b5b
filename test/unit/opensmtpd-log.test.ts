import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { smtpdAttemptTrails, smtpdConnections, smtpdDeliveries } from '../../harness/mta/opensmtpd/opensmtpd-log';
import { renderSmtpdConfig, smtpdCannot } from '../../harness/mta/opensmtpd/opensmtpd-settings';
import { byMx, viaHosts, viaSrv } from '../../harness';

// `mta delivery` lines captured from OpenSMTPD 7.6.0 (smtpd -F, through rsyslog) as the client of a
// fault-mx-pair-refused run (two sent) and a null-mx-0 run (one bounced).
const captured = readFileSync(join(__dirname, '../fixtures/opensmtpd/mta-delivery.txt'), 'utf8');

describe("OpenSMTPD's log, read into attempts and outcomes", () => {
  it('should key each delivery by its message id (the first half of the envelope id), as the 250 reply names it', () => {
    const deliveries = smtpdDeliveries(captured);
    expect([...deliveries.keys()]).toEqual(['aebe3993', '821bc10f', 'c09a92ba']);
    expect(deliveries.get('aebe3993')).toEqual({ relay: '10.213.196.11[10.213.196.11]', status: 'sent', detail: '250 2.0.0 Ok: queued as 1347D33', attempts: 1 });
    expect(deliveries.get('c09a92ba')).toEqual({ relay: 'nomail.example-domain.com[nomail.example-domain.com]', status: 'bounced', detail: 'Domain does not accept mail', attempts: 1 });
  });

  it("should give each try the address it went to and the time syslog stamped, to the millisecond", () => {
    expect(smtpdAttemptTrails(captured).get('aebe3993')).toEqual([{ host: '10.213.196.11', address: '10.213.196.11', result: 'sent', reply: '250 2.0.0 Ok: queued as 1347D33', at: '2026-12-03T10:19:00.124Z' }]);
    expect(smtpdAttemptTrails(captured).get('c09a92ba')).toEqual([expect.objectContaining({ result: 'bounced', reply: 'Domain does not accept mail', at: '2026-12-03T10:19:17.849Z' })]);
  });

  it("should not take a line another process's line cut in two for a delivery", () => {
    // Seen with smtpd -d on stderr (CI): a debug line written into the middle of an mta line.
    const cut = '0000000000000000 mta delivery evpid=0cb38f9b26773405 from=<a@b> to=<c@d> rcptdebug: scheduler: evp:312150eaacf08c35 scheduled (mta)\n=<-> source="-" relay="d" delay=0s result="PermFail" stat="x"';
    expect(smtpdDeliveries(cut).size).toBe(0);
  });
});

describe('a neutral route, as OpenSMTPD can say it', () => {
  it('should relay by MX, or to one host, and say in a sentence what it has no means for', () => {
    expect(renderSmtpdConfig({ hostname: 'client.example-domain.com', subnet: '10.213.4.0/24', route: byMx() })).toContain('action "out" relay helo client.example-domain.com');
    expect(renderSmtpdConfig({ hostname: 'c', subnet: '10.213.4.0/24', route: viaHosts([{ host: 'relay.example-domain.com', port: 2525 }]) })).toContain('relay host smtp://relay.example-domain.com:2525');
    expect(smtpdCannot(viaSrv('submission'))).toBe('OpenSMTPD has no SRV lookup (it relays by MX or to one host)');
    expect(smtpdCannot(viaHosts(['a.example-domain.com', 'b.example-domain.com']))).toMatch(/one host per action/);
    expect(smtpdCannot(byMx({ fallback: { host: 'f.example-domain.com' } }))).toBe('OpenSMTPD has no fallback relay');
    expect(smtpdCannot(byMx())).toBeUndefined();
  });
});

// From a run of fault-mx-pair-killed on OpenSMTPD 7.6 (mail1 .10 killed): one session, to mail2 only.
describe("OpenSMTPD's sessions, apart from its envelopes' tries", () => {
  it('should list every address a session was begun to, IPv4 and IPv6, at its stamp', () => {
    const log = [
      '2026-12-05T03:17:08.925331+00:00 5d8e845d11ac smtpd[17]: 52dba2f5cf2f6741 smtp connected address=10.213.242.1 host=<unknown>',
      '2026-12-05T03:17:08.955226+00:00 5d8e845d11ac smtpd[17]: 52dba2fb573f7399 mta connecting address=smtp://10.213.242.11:25 host=10.213.242.11',
      '2026-12-05T03:17:08.958125+00:00 5d8e845d11ac smtpd[17]: 52dba2fb573f7399 mta connected',
      '2026-12-05T03:17:09.001000+00:00 5d8e845d11ac smtpd[17]: 52dba2fb573f7400 mta connecting address=smtp://[fd6d:7268:d:1e::11]:25 host=mail.example-domain.com',
    ].join('\n');
    expect(smtpdConnections(log)).toEqual([
      { address: '10.213.242.11', at: '2026-12-05T03:17:08.955Z' },
      { address: 'fd6d:7268:d:1e::11', at: '2026-12-05T03:17:09.001Z' },
    ]);
  });

  // From a run of fault-mx-pair-paused at shipped timing (30×): mail1 .10 frozen, mail2 .11 carried.
  it('should say how a session that carried no envelope ended: a timeout once connected is the greeting\'s', () => {
    const log = [
      '2026-12-05T09:19:58.645326+00:00 4130c8751b42 smtpd[24]: 5fa2f6dad2b4c520 mta connecting address=smtp://10.213.182.10:25 host=10.213.182.10',
      '2026-12-05T09:19:58.645655+00:00 4130c8751b42 smtpd[24]: 5fa2f6dad2b4c520 mta connected',
      '2026-12-05T09:20:08.649172+00:00 4130c8751b42 smtpd[24]: 5fa2f6dad2b4c520 mta error reason=Connection timeout',
      '2026-12-05T09:20:08.651763+00:00 4130c8751b42 smtpd[24]: 5fa2f6db087ab570 mta connecting address=smtp://10.213.182.11:25 host=10.213.182.11',
      '2026-12-05T09:20:08.771572+00:00 4130c8751b42 smtpd[24]: 5fa2f6db087ab570 mta delivery evpid=41481fbfebfdc883 from=<h@d> to=<i@d> rcpt=<-> source="10.213.182.3" relay="10.213.182.11 (10.213.182.11)" delay=5m4s result="Ok" stat="250 2.0.0 Ok: queued as B192A33"',
      '2026-12-05T09:20:09.270810+00:00 4130c8751b42 smtpd[24]: 5fa2f6db087ab570 mta error reason=Connection reset by peer',
      '2026-12-05T09:20:09.300000+00:00 4130c8751b42 smtpd[24]: 5fa2f6dd0a8c3ff2 mta connecting address=smtp://10.213.182.12:25 host=10.213.182.12',
      '2026-12-05T09:20:09.300100+00:00 4130c8751b42 smtpd[24]: 5fa2f6dd0a8c3ff2 mta error reason=Connection timeout',
    ].join('\n');
    expect(smtpdConnections(log)).toEqual([
      { address: '10.213.182.10', at: '2026-12-05T09:19:58.645Z', result: 'greeting timeout', reply: 'Connection timeout', endedAt: '2026-12-05T09:20:08.649Z' },
      // It carried an envelope: its tries are the delivery lines', not the session's.
      { address: '10.213.182.11', at: '2026-12-05T09:20:08.651Z' },
      { address: '10.213.182.12', at: '2026-12-05T09:20:09.300Z', result: 'timed out', reply: 'Connection timeout', endedAt: '2026-12-05T09:20:09.300Z' },
    ]);
  });
});
