import { onClients } from '../../harness/nightly/client-plan';
import { junitXml } from '../../harness/report/junit-report';
import { passedAll } from '../../harness/nightly/nightly-results';
import failover from '../../scenarios/failover';
import faultKilled from '../../scenarios/fault-killed';
import { madeUpNight, madeUpResult } from '../fixtures/made-up-results';

describe('a night on several clients', () => {
  it("should run a neutral scenario on each client, renamed per client, and one in Postfix's own settings on Postfix alone", () => {
    expect(onClients(faultKilled, ['postfix', 'exim', 'opensmtpd']).map((run) => [run.name, 'unsupported' in run ? run.unsupported.finding : run.scenario.client])).toEqual([
      ['fault-killed', undefined],
      ['fault-killed-on-exim', { mta: 'exim', settings: {} }],
      ['fault-killed-on-opensmtpd', 'OpenSMTPD has no SRV lookup (it relays by MX or to one host)'],
    ]);
    expect(onClients(failover, ['postfix', 'exim']).map((run) => run.name)).toEqual(['failover']);
    expect(onClients(failover, undefined).map((run) => run.name)).toEqual(['failover']);
  });

  it('should count a client\'s "cannot" as neither a pass nor a failure: skipped in junit, the night still passes', () => {
    const cannot = { ...madeUpResult('fault-killed-on-opensmtpd', { passed: false }), expectations: [], unsupported: 'OpenSMTPD has no SRV lookup' };
    const night = madeUpNight([madeUpResult('fault-killed'), cannot]);
    expect(passedAll(night)).toBe(true);
    expect(junitXml([cannot])).toContain('<skipped message="OpenSMTPD has no SRV lookup"/>');
    expect(junitXml([cannot])).toContain('failures="0"');
  });
});
