import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { smtpdAttemptTrails, smtpdDeliveries } from '../../harness/mta/opensmtpd/opensmtpd-log';
import { renderSmtpdConfig, smtpdCannot } from '../../harness/mta/opensmtpd/opensmtpd-settings';
import { byMx, viaHosts, viaSrv } from '../../harness';

// `mta delivery` lines captured from OpenSMTPD 7.6.0 (smtpd -d -v) as the client of a
// fault-mx-pair-refused run, behind the engine's time stamp (the log has none of its own).
const captured = readFileSync(join(__dirname, '../fixtures/opensmtpd/mta-delivery.txt'), 'utf8');

describe("OpenSMTPD's log, read into attempts and outcomes", () => {
  it('should key each delivery by its message id (the first half of the envelope id), as the 250 reply names it', () => {
    const deliveries = smtpdDeliveries(captured);
    expect([...deliveries.keys()]).toEqual(['059a80bb', '822dce35']);
    expect(deliveries.get('059a80bb')).toEqual({ relay: '10.213.139.11[10.213.139.11]', status: 'sent', detail: '250 2.0.0 Ok: queued as 9074533', attempts: 1 });
  });

  it('should give each try the address it went to and the time the engine saw the line', () => {
    expect(smtpdAttemptTrails(captured).get('059a80bb')).toEqual([{ host: '10.213.139.11', address: '10.213.139.11', result: 'sent', reply: '250 2.0.0 Ok: queued as 9074533', at: '2026-12-02T11:58:47.512Z' }]);
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
