import failover from '../../scenarios/failover';
import { scenarioProblems } from '../../harness/scenario/validate-scenario';
import { loadScenario } from '../../harness/scenario/load-scenario';
import { postfixRelay, sink, send, stop } from '../../harness';
import { fillAddresses, renderZone, reverseOrigin } from '../../harness/topology/zone-text';
import { byMx, mapRouteHosts, viaHosts } from '../../harness/mta/route';
import { scenarioNames } from '../../harness/scenario/load-scenario';
import reverseDns from '../../scenarios/reverse-dns';
import { addressesFor } from '../../harness/topology/address-plan';

describe('scenario validation', () => {
  it('should accept the failover scenario', () => {
    expect(scenarioProblems(failover)).toEqual([]);
  });

  it('should name an unknown server in a step', () => {
    const problems = scenarioProblems({ ...failover, steps: [send(1), stop('server-five')] });
    expect(problems).toEqual([expect.stringMatching(/step 2 \(stop\) names unknown server "server-five"/)]);
  });

  it('should name a duplicated server', () => {
    const problems = scenarioProblems({ ...failover, servers: [...failover.servers, postfixRelay('server-two', { port: 2625 })] });
    expect(problems).toContain('server name "server-two" is used twice');
  });

  it('should reject a port outside 1-65535', () => {
    const problems = scenarioProblems({ ...failover, servers: [postfixRelay('server-one', { port: 70000 }), sink('server-four')] });
    expect(problems.join('\n')).toMatch(/servers\.0\.port/);
  });

  it('should reject an expectation naming a server that is not a relay', () => {
    const problems = scenarioProblems({ ...failover, steps: [send(1, { expectCarriedBy: 'server-four' })] });
    expect(problems.join()).toMatch(/"server-four", which is not a relay/);
  });

  it('should reject a zone placeholder that names no server', () => {
    const problems = scenarioProblems({ ...failover, zone: failover.zone + '\nmail IN A {{server-nine}}\n' });
    expect(problems).toContain('zone refers to {{server-nine}}, which is not a server of this scenario');
  });

  it('should fill {{v6:name}} on a dual-stack run, and refuse it on an IPv4 one', () => {
    const aaaa = failover.zone + '    server-one IN AAAA {{v6:server-one}}\n';
    expect(scenarioProblems({ ...failover, zone: aaaa })).toEqual([expect.stringMatching(/zone refers to \{\{v6:server-one\}\}, an IPv6 address, which only a dual-stack run has \(ipv6: true\)/)]);
    expect(scenarioProblems({ ...failover, zone: aaaa, ipv6: true })).toEqual([]);
    const addresses = addressesFor(failover, '10.213.7', 'fd6d:7268:d:7');
    expect(renderZone(aaaa, addresses)).toMatch(/^\s*server-one IN AAAA fd6d:7268:d:7::10$/m);
    expect(renderZone(aaaa, addresses)).toMatch(/^server-one +IN A +10\.213\.7\.10$/m);
  });

  it("should take a route host as {{server}}, filled with the run's address, and refuse an address written out", () => {
    const withFallback = (host: string) => ({ ...failover, route: byMx({ fallback: { host } }) });
    expect(scenarioProblems(withFallback('{{server-three}}'))).toEqual([]);
    expect(scenarioProblems(withFallback('{{server-nine}}'))).toContain('route refers to {{server-nine}}, which is not a server of this scenario');
    expect(scenarioProblems(withFallback('192.0.2.7'))).toEqual([expect.stringMatching(/^route\.fallback\.host: is an address: write \{\{server\}\}/)]);
    const addresses = addressesFor(failover, '10.213.7');
    expect(mapRouteHosts(viaHosts(['{{server-one}}', 'relay.example-domain.com'], { fallback: { host: '{{server-two}}', port: 2625 } }), (host) => fillAddresses(host, addresses)))
      .toEqual({ via: 'hosts', order: 'in-order', hosts: [{ host: '10.213.7.10' }, { host: 'relay.example-domain.com' }], fallback: { host: '10.213.7.11', port: 2625 } });
  });

  it('should take documented failures only of client MTAs it knows', () => {
    expect(scenarioProblems({ ...failover, documentedFailures: { postfix: 'postconf(5)' } })).toEqual([]);
    expect(scenarioProblems({ ...failover, documentedFailures: { qmail: 'a manual' } }).join()).toMatch(/documentedFailures\.qmail.*must be one of the client MTAs/);
  });

  it('should require a sink', () => {
    expect(scenarioProblems({ ...failover, servers: failover.servers.filter((s) => s.kind !== 'sink') })).toContain(
      'there is no sink server to receive the mail',
    );
  });

  it('should say which scenario file is missing', async () => {
    await expect(loadScenario('no-such-scenario')).rejects.toThrow(/no scenario "no-such-scenario": .*no-such-scenario\.ts does not exist/);
  });
});

describe('the catalog', () => {
  it.each(scenarioNames())('should accept %s as valid', async (name) => {
    expect(scenarioProblems(await loadScenario(name))).toEqual([]);
  });
});

describe('zone rendering', () => {
  it('should name the reverse zone of the run and put last octets in PTR owner names', () => {
    expect(reverseOrigin('10.213.7')).toBe('7.213.10.in-addr.arpa');
    const zone = renderZone(reverseDns.reverseZone!, addressesFor(reverseDns, '10.213.7'));
    expect(zone).toContain('10   IN PTR mail1.example-domain.com.');
    expect(zone).toContain('11   IN PTR mail2.example-domain.com.');
  });

  it('should fill addresses in and remove the template indentation', () => {
    const addresses = addressesFor(failover, '10.213.7');
    const zone = renderZone(failover.zone, addresses);
    expect(zone).toMatch(/^\$TTL 60\n/);
    expect(zone).toContain('server-one       IN A   10.213.7.10');
    expect(zone).toContain('server-four      IN A   10.213.7.13');
    expect(zone).toContain('ns1              IN A   10.213.7.2');
  });
});
