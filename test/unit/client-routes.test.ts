import { byMx, viaHosts, viaSrv } from '../../harness';
import { postfixRouteSettings } from '../../harness/mta/postfix/postfix-client';
import { renderEximConfig } from '../../harness/mta/exim/exim-settings';
import { renderRelayDomains, renderSendmailMc, sendmailCannot } from '../../harness/mta/sendmail/sendmail-settings';
import { clientOf, isUnsupported, onClient } from '../../harness/mta/client-choice';
import { CLIENT_MTAS } from '../../harness/mta/registry';
import failover from '../../scenarios/failover';
import faultKilled from '../../scenarios/fault-killed';

const exim = (route: Parameters<typeof renderEximConfig>[0]['route']) =>
  renderEximConfig({ hostname: 'client.example-domain.com', domain: 'example-domain.com', subnet: '10.213.4.0/24', route, options: {} });

describe('a neutral route, as each client says it', () => {
  it('should be main.cf for Postfix: SRV with use_srv_lookup, a host list in order, a fallback relay, no connection cache', () => {
    expect(postfixRouteSettings(viaSrv('submission'), 'example-domain.com')).toEqual({ use_srv_lookup: 'submission', relayhost: 'example-domain.com:submission', smtp_connection_cache_on_demand: 'no' });
    expect(postfixRouteSettings(viaHosts(['a.example-domain.com', { host: 'b.example-domain.com', port: 2525 }]), 'example-domain.com').relayhost).toBe('[a.example-domain.com]:25, [b.example-domain.com]:2525');
    expect(postfixRouteSettings(byMx({ fallback: { host: 'f.example-domain.com' } }), 'example-domain.com')).toMatchObject({ relayhost: '', smtp_fallback_relay: '[f.example-domain.com]:25' });
  });

  it("should be Exim's routers: dnslookup with check_srv, manualroute with hosts_randomize, fallback_hosts on the transport", () => {
    expect(exim(byMx())).toMatch(/^dnslookup:\n  driver = dnslookup\n  transport = remote_smtp\n  no_more$/m);
    expect(exim(viaSrv('submission'))).toMatch(/^  check_srv = submission$/m);
    const hosts = exim(viaHosts(['a.example-domain.com', { host: 'b.example-domain.com', port: 2525 }], { order: 'random', fallback: { host: 'f.example-domain.com' } }));
    expect(hosts).toMatch(/^  route_list = \* "a\.example-domain\.com::25 : b\.example-domain\.com::2525" byname$/m);
    expect(hosts).toMatch(/^  hosts_randomize = true$/m);
    expect(hosts).toMatch(/^  fallback_hosts = f\.example-domain\.com::25$/m);
  });

  it('should give Exim the test timing, and no TCP Fast Open (it would make a dead host cost command_timeout)', () => {
    const config = exim(byMx());
    for (const line of ['connect_timeout = 1s', 'command_timeout = 5s', 'hosts_try_fastopen = :', 'smtp_accept_queue_per_connection = 0']) expect(config).toContain(line);
    expect(config).toMatch(/^begin retry\n\*  \*  F,1h,1s$/m);
  });

  it("should be sendmail.mc for Sendmail: MX by default, a smart host list in order, FallbackMXhost, one mailer port", () => {
    const mc = (route: Parameters<typeof renderSendmailMc>[0]['route']) => renderSendmailMc({ hostname: 'client.example-domain.com', route, defines: {} });
    expect(mc(byMx())).not.toMatch(/SMART_HOST|FALLBACK/);
    expect(mc(viaHosts(['a.example-domain.com', 'b.example-domain.com'], { fallback: { host: 'f.example-domain.com' } }))).toMatch(/^define\(`SMART_HOST', `relay:\[a\.example-domain\.com\]:\[b\.example-domain\.com\]'\)dnl\ndefine\(`confFALLBACK_MX', `\[f\.example-domain\.com\]'\)dnl$/m);
    expect(mc(viaHosts([{ host: 'a.example-domain.com', port: 2525 }]))).toContain("define(`RELAY_MAILER_ARGS', `TCP $h 2525')dnl");
    for (const line of ["define(`confTO_CONNECT', `1s')dnl", "define(`confTO_INITIAL', `5s')dnl", "define(`confTO_HOSTSTATUS', `1s')dnl", "define(`confQUEUE_LA', `1000')dnl"]) expect(mc(byMx())).toContain(line);
    expect(renderRelayDomains('10.213.4.0/24')).toBe('127.0.0.1\n10.213.4\n');
  });

  it('should say what Sendmail has no means for: SRV, a random pick from its smart hosts, hosts on different ports', () => {
    expect(sendmailCannot(viaSrv('submission'))).toMatch(/^Sendmail has no SRV lookup/);
    expect(sendmailCannot(viaHosts(['a', 'b'], { order: 'random' }))).toMatch(/in order and has no setting to pick from it at random/);
    expect(sendmailCannot(viaHosts([{ host: 'a', port: 25 }, { host: 'b', port: 2525 }]))).toMatch(/one port to every host/);
    expect(sendmailCannot(byMx({ fallback: { host: 'f' } }))).toBeUndefined();
  });
});

describe('the client of a scenario', () => {
  it('should read a bare settings object as Postfix main.cf, as scenarios were written before the seam', () => {
    expect(clientOf(failover)).toEqual({ mta: 'postfix', settings: failover.client });
  });

  it('should swap the client of a scenario with a neutral route, and refuse one written in Postfix settings', () => {
    expect(onClient(faultKilled, 'exim')).toMatchObject({ name: 'fault-killed', client: { mta: 'exim', settings: {} }, route: faultKilled.route });
    expect(() => onClient(failover, 'exim')).toThrow(/failover routes with Postfix settings of its own, not a neutral route .* so --client exim cannot run it/);
  });

  it('should say so, not run, when the client has no means for the route', () => {
    const swapped = onClient({ ...faultKilled, client: { mta: 'exim', settings: {} }, route: viaHosts(['a.example-domain.com', 'b.example-domain.com'], { order: 'random' }) }, 'postfix');
    expect(isUnsupported(swapped) && swapped.finding).toMatch(/Postfix tries a relayhost list in order/);
  });

  it('should have every registered MTA in its own folder, with an image and a version command', () => {
    for (const [kind, mta] of Object.entries(CLIENT_MTAS)) {
      expect(mta.kind).toBe(kind);
      expect(mta.imageDir).toMatch(new RegExp(`harness/mta/${kind}/image$`));
      expect(mta.versionCommand.length).toBeGreaterThan(0);
    }
  });
});
