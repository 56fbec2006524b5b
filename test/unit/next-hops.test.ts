import { parseCompiledZone, ZoneRecords } from '../../harness/files/zone-records';
import { compileZone } from '../../harness/scenario/zone-check';
import { clientMta } from '../../harness/mta/registry';
import { ownSendmailMc } from '../../harness/mta/sendmail/sendmail-settings';

// An audit's first question of a site's files: where can the client hand mail? The zone as BIND
// reads it (named-compilezone), the client's settings as its MTA reads them.
const ZONE = `$TTL 60
@ IN SOA ns1 hostmaster 1 1200 180 1209600 60
@ IN NS ns1
ns1 IN A 192.168.2.2
server-one IN A 192.168.2.11
server-two IN A 192.168.2.12
mail IN A 192.168.2.13
mail IN A 192.168.2.14
@ IN MX 10 mail
@ IN MX 20 server-one.example.com.
_submission._tcp IN SRV 0 5 2525 server-one
_submission._tcp IN SRV 1 5 2625 server-two
nomail IN MX 0 .
`;

describe("a site's zone, as BIND reads it", () => {
  it('should give MX, SRV and address records by absolute name, and refuse a zone BIND refuses in its words', async () => {
    const zone = await compileZone('example.com', ZONE);
    expect(zone.mx('example.com')).toEqual([{ preference: 10, host: 'mail.example.com' }, { preference: 20, host: 'server-one.example.com' }]);
    expect(zone.addresses('MAIL.example.com.')).toEqual(['192.168.2.13', '192.168.2.14']);
    expect(zone.srv('_submission._tcp.example.com').map((r) => [r.priority, r.port, r.host])).toEqual([[0, 2525, 'server-one.example.com'], [1, 2625, 'server-two.example.com']]);
    expect(zone.mx('nomail.example.com')).toEqual([{ preference: 0, host: '' }]);
    await expect(compileZone('example.com', ZONE.replace('SRV 0 5 2525 server-one', 'SRV 0 5 server-one'))).rejects.toThrow(/^the zone for example\.com does not load: /);
  });
});

describe("Postfix's next hops, from its main.cf and the zone", () => {
  const zone = new ZoneRecords(parseCompiledZone([
    'example.com. 60 IN MX 10 mail.example.com.',
    'example.com. 60 IN MX 20 server-one.example.com.',
    '_submission._tcp.example.com. 60 IN SRV 0 5 2525 server-one.example.com.',
    '_submission._tcp.example.com. 60 IN SRV 1 5 2625 server-two.example.com.',
    'mail.example.com. 60 IN A 192.168.2.13',
    'server-one.example.com. 60 IN A 192.168.2.11',
    'server-two.example.com. 60 IN A 192.168.2.12',
  ].join('\n')));
  const read = (settings: Record<string, string>) => clientMta('postfix').nextHops!({ mta: 'postfix', settings }, 'example.com', zone);
  const brief = (settings: Record<string, string>) => read(settings).hops.map((hop) => `${hop.host}:${hop.port}@${hop.order}${hop.fallback ? ' fallback' : ''}`);

  it("should follow the recipient domain's MX with no relayhost, and a relayhost domain's MX without brackets", () => {
    expect(brief({})).toEqual(['mail.example.com:25@10', 'server-one.example.com:25@20']);
    expect(brief({ relayhost: 'example.com:2525' })).toEqual(['mail.example.com:2525@10', 'server-one.example.com:2525@20']);
    expect(read({}).hops[0]).toMatchObject({ addresses: ['192.168.2.13'], via: 'MX of example.com (the recipient domain example.com)' });
  });

  it('should take [host] as the host alone, a list in its order, and an address as it is', () => {
    expect(brief({ relayhost: '[server-one.example.com]:2525, [server-two.example.com]:2625' })).toEqual(['server-one.example.com:2525@0', 'server-two.example.com:2625@100000']);
    expect(read({ relayhost: '[192.168.2.99]' }).hops).toEqual([expect.objectContaining({ host: '192.168.2.99', addresses: ['192.168.2.99'], port: 25 })]);
  });

  it('should follow SRV records only when use_srv_lookup names the service (Postfix 3.8+), and the fallback relay last', () => {
    expect(brief({ relayhost: 'example.com:submission', use_srv_lookup: 'submission', smtp_fallback_relay: '[mail.example.com]' }))
      .toEqual(['server-one.example.com:2525@0', 'server-two.example.com:2625@1', 'mail.example.com:25@100000 fallback']);
    // Without use_srv_lookup, "submission" is a port and the domain's MX is looked up (what Postfix 3.7 does).
    expect(brief({ relayhost: 'example.com:submission' })).toEqual(['mail.example.com:587@10', 'server-one.example.com:587@20']);
  });

  it('should say which routing it does not follow, never guess it', () => {
    expect(read({ transport_maps: 'hash:/etc/postfix/transport' }).unread).toEqual(['transport_maps names hash:/etc/postfix/transport: its table was not given']);
    expect(read({ transport_maps: 'mysql:/etc/postfix/transport.cf' }).unread).toEqual(['transport_maps names mysql:/etc/postfix/transport.cf: only tables in files (hash:, lmdb:, texthash: ...) are read']);
    expect(read({}).unread).toEqual([]);
  });

  // Seed 004's three transport recipes, read as transport(5) and postmap read them.
  describe('transport_maps, its table given', () => {
    const TABLE = '/etc/postfix/transport';
    const withTable = (table: string) => clientMta('postfix').nextHops!({ mta: 'postfix', settings: { relayhost: '', transport_maps: `hash:${TABLE}` } }, 'example.com', zone, { [TABLE]: table });
    const hopsOf = (table: string) => withTable(table).hops.map((hop) => `${hop.host}:${hop.port}@${hop.order}`);

    it('should follow the list form transport(5) gives since Postfix 3.5, in its order', () => {
      const fixed = withTable('example.com  smtp:[server-one.example.com]:2525, [server-two.example.com]:2625\n');
      expect(fixed.hops.map((hop) => `${hop.host}:${hop.port}@${hop.order}`)).toEqual(['server-one.example.com:2525@0', 'server-two.example.com:2625@100000']);
      expect(fixed.hops[0].via).toBe(`A of server-one.example.com (transport_maps, ${TABLE} line 1)`);
      expect([fixed.notes, fixed.unread]).toEqual([[], []]);
    });

    it("should keep a key given twice once, the first, as postmap does, and say so", () => {
      const twice = withTable('# one line per relay\nexample.com  smtp:[server-one.example.com]:2525\nexample.com  smtp:[server-two.example.com]:2625\n');
      expect(twice.hops.map((hop) => hop.host)).toEqual(['server-one.example.com']);
      expect(twice.notes).toEqual([`${TABLE} line 3: a second entry for example.com ("smtp:[server-two.example.com]:2625"): postmap keeps the first (line 2), so this one is never used`]);
    });

    it('should read the list as meant where each item names smtp: again, and say Postfix refuses that item', () => {
      const seed = withTable('example.com  smtp:[server-one.example.com]:2525, smtp:[server-two.example.com]:2625\n');
      expect(seed.hops.map((hop) => hop.host)).toEqual(['server-one.example.com', 'server-two.example.com']);
      expect(seed.notes).toEqual([expect.stringMatching(/^\/etc\/postfix\/transport line 1: next hop 2 "smtp:\[server-two\.example\.com\]:2625" names its transport again: transport\(5\) takes the transport once/)]);
    });

    it('should fall back to relayhost or MX for a domain the table has no entry for, and refuse a transport other than smtp', () => {
      expect(hopsOf('other.example  smtp:[server-two.example.com]\n')).toEqual(['mail.example.com:25@10', 'server-one.example.com:25@20']);
      expect(withTable('.com  relay:[server-two.example.com]\n').unread).toEqual([`${TABLE} line 1: transport relay for example.com: only smtp is read`]);
      expect(clientMta('postfix').lookupTables!({ transport_maps: `hash:${TABLE}, mysql:/x.cf` })).toEqual([TABLE]);
    });
  });
});

describe("Exim's next hops, from its whole configure and the zone", () => {
  const zone = new ZoneRecords(parseCompiledZone([
    'example.com. 60 IN MX 10 mail.example.com.',
    'example.com. 60 IN MX 20 server-one.example.com.',
    '_submission._tcp.example.com. 60 IN SRV 0 5 2525 server-one.example.com.',
    'mail.example.com. 60 IN A 192.168.2.13',
    'server-one.example.com. 60 IN A 192.168.2.11',
    'server-two.example.com. 60 IN A 192.168.2.12',
  ].join('\n')));
  const exim = clientMta('exim');
  const configure = (routers: string, transport = '') => [
    'domainlist local_domains = @ : localhost',
    'begin routers',
    routers,
    'begin transports',
    'remote_smtp:',
    '  driver = smtp',
    transport,
  ].join('\n');
  const read = (text: string) => exim.nextHops!({ mta: 'exim', ...exim.readConfig!(text, 'exim4.conf') }, 'example.com', zone);
  const brief = (text: string) => read(text).hops.map((hop) => `${hop.host}:${hop.port}@${hop.order}${hop.fallback ? ' fallback' : ''}`);
  const smarthosts = (list: string, more = '') => configure(`smarthost:\n  driver = manualroute\n  domains = ! +local_domains\n  transport = remote_smtp\n  route_list = * ${list}\n${more}`);

  it("should take a manualroute router's hosts in the list's order, each with its port, and all at once with hosts_randomize", () => {
    expect(brief(smarthosts('"server-one.example.com::2525 : server-two.example.com::2625" byname'))).toEqual(['server-one.example.com:2525@0', 'server-two.example.com:2625@1000']);
    // A host/MX item among plain ones keeps its place in the list.
    expect(brief(smarthosts('"example.com/MX : server-two.example.com"'))).toEqual(['mail.example.com:25@10', 'server-one.example.com:25@20', 'server-two.example.com:25@1000']);
    expect(read(smarthosts('server-one.example.com')).hops[0]).toMatchObject({ addresses: ['192.168.2.11'], via: 'router smarthost, exim4.conf line 7' });
    expect(brief(smarthosts('server-one.example.com:server-two.example.com', '  hosts_randomize'))).toEqual(['server-one.example.com:25@0', 'server-two.example.com:25@0']);
    expect(brief(smarthosts('server-one.example.com:server-two.example.com randomize'))).toEqual(['server-one.example.com:25@0', 'server-two.example.com:25@0']);
  });

  it("should follow a dnslookup router to the domain's MX, its SRV records first with check_srv, and fallback_hosts last", () => {
    expect(brief(configure('dnslookup:\n  driver = dnslookup\n  domains = ! +local_domains\n  transport = remote_smtp'))).toEqual(['mail.example.com:25@10', 'server-one.example.com:25@20']);
    expect(brief(configure('dnslookup:\n  driver = dnslookup\n  check_srv = submission\n  transport = remote_smtp', '  fallback_hosts = server-two.example.com')))
      .toEqual(['server-one.example.com:2525@0', 'server-two.example.com:25@100000 fallback']);
  });

  it('should pass routers whose domains exclude the domain, and say what it does not follow', () => {
    const local = 'localuser:\n  driver = accept\n  domains = +local_domains\n  transport = local_delivery\n';
    expect(brief(configure(`${local}smarthost:\n  driver = manualroute\n  transport = remote_smtp\n  route_list = * server-two.example.com`))).toEqual(['server-two.example.com:25@0']);
    // The last item negative: what nothing else matched is matched (spec 10.8).
    expect(brief(configure(`smarthost:\n  driver = manualroute\n  domains = ! example.com\n  transport = remote_smtp\n  route_list = * server-two.example.com\nmx:\n  driver = dnslookup\n  transport = remote_smtp`))).toEqual(['mail.example.com:25@10', 'server-one.example.com:25@20']);
    expect(read(configure('dnslookup:\n  driver = dnslookup\n  domains = lsearch;/etc/exim4/domains\n  transport = remote_smtp')).unread[0]).toMatch(/^exim4\.conf line 5: the domain list item "lsearch;\/etc\/exim4\/domains" is a lookup/);
    expect(read(configure('r:\n  driver = accept\n  transport = remote_smtp')).unread).toEqual(['exim4.conf line 3: router r (driver accept) takes example.com first: only manualroute and dnslookup routers are read']);
    expect(read(smarthosts('${lookup{$domain}lsearch{/etc/routes}}')).unread[0]).toMatch(/hosts are an expansion, not followed/);
  });

  it("should give the transport's own waits, Exim's defaults where it sets none, and refuse what Exim's file cannot hold as read", () => {
    expect(read(smarthosts('server-one.example.com')).waits).toEqual({ connect: 'connect_timeout = 5m', greeting: 'command_timeout = 5m' });
    expect(read(configure('dnslookup:\n  driver = dnslookup\n  transport = remote_smtp', '  connect_timeout = 30s\n  command_timeout = 2m')).waits).toEqual({ connect: 'connect_timeout = 30s', greeting: 'command_timeout = 2m' });
    expect(() => exim.readConfig!('.include /etc/exim4/main.conf\n', 'exim4.conf')).toThrow('exim4.conf line 1: .include is not followed: put what it stands for in the file itself');
    expect(() => exim.readConfig!('begin routing\n', 'exim4.conf')).toThrow(/^exim4\.conf line 1: "begin routing" is no section/);
  });
});

describe("OpenSMTPD's next hops, from its whole smtpd.conf and the zone", () => {
  const zone = new ZoneRecords(parseCompiledZone([
    'example.com. 60 IN MX 10 mail.example.com.',
    'example.com. 60 IN MX 20 server-one.example.com.',
    'mail.example.com. 60 IN A 192.168.2.13',
    'server-one.example.com. 60 IN A 192.168.2.11',
    'nomail.example.com. 60 IN MX 0 .',
  ].join('\n')));
  const smtpd = clientMta('opensmtpd');
  const read = (text: string) => smtpd.nextHops!({ mta: 'opensmtpd', ...smtpd.readConfig!(text, 'smtpd.conf') }, 'example.com', zone);
  const brief = (text: string) => read(text).hops.map((hop) => `${hop.host}:${hop.port}@${hop.order}`);
  const STOCK = 'table aliases file:/etc/aliases\nlisten on localhost\naction "local" mbox alias <aliases>\naction "relay" relay\nmatch for local action "local"\nmatch for any action "relay"\n';

  it("should follow Debian's stock file to the domain's MX, and a relay host to that host alone", () => {
    expect(brief(STOCK)).toEqual(['mail.example.com:25@10', 'server-one.example.com:25@20']);
    expect(read(STOCK).hops[0].via).toBe('MX of example.com (action "relay", smtpd.conf line 4)');
    expect(brief('action "out" relay host smtp://server-one.example.com:2525 helo client.example.com\nmatch from local for any action "out"\n')).toEqual(['server-one.example.com:2525@0']);
    // A null MX (RFC 7505) takes no mail: no host, not the domain's address.
    expect(smtpd.nextHops!({ mta: 'opensmtpd', ...smtpd.readConfig!(STOCK, 'smtpd.conf') }, 'nomail.example.com', zone).hops).toEqual([]);
  });

  it('should take the first rule whose from and for take local mail to the domain', () => {
    const text = 'table mine { example.net }\naction "a" relay host smtp://mail.example.com\naction "b" relay host smtp://server-one.example.com\nmatch from any for domain <mine> action "a"\nmatch from src { 127.0.0.1, 192.168.2.0/24 } for domain { "example.com" } action "b"\n';
    expect(brief(text)).toEqual(['server-one.example.com:25@0']);
    expect(read('action "a" relay\nmatch from socket for any action "a"\n').unread).toEqual(['smtpd.conf: no match rule takes mail from the host itself for example.com']);
    expect(read('action "a" relay\nmatch from src 192.168.2.0/24 for any action "a"\n').unread).toEqual(['smtpd.conf: no match rule takes mail from the host itself for example.com']);
    expect(read('action "a" mbox\nmatch for any action "a"\n').unread).toEqual(['smtpd.conf line 1: action "a" (mbox) for example.com: only relay is read']);
  });

  it('should refuse what it cannot read as smtpd reads it, naming the line', () => {
    expect(() => smtpd.readConfig!('include "/etc/smtpd/more.conf"\n', 'smtpd.conf')).toThrow('smtpd.conf line 1: include is not followed: put what it stands for in the file itself');
    expect(() => smtpd.readConfig!('relayhost = [mail]\n', 'main.cf')).toThrow('main.cf line 1: "relayhost = [mail]" is a macro, not followed: write its value where it is used (or is this another MTA\'s file?)');
    expect(() => smtpd.readConfig!('$TTL 60\n', 'zone')).toThrow('zone line 1: not a statement of smtpd.conf: $TTL 60');
  });
});

describe("Sendmail's next hops, from its whole sendmail.mc and the zone", () => {
  const zone = new ZoneRecords(parseCompiledZone([
    'example.com. 60 IN MX 10 mail.example.com.',
    'example.com. 60 IN MX 20 server-one.example.com.',
    'mail.example.com. 60 IN A 192.168.2.13',
    'server-one.example.com. 60 IN A 192.168.2.11',
    'server-two.example.com. 60 IN A 192.168.2.12',
    'nomail.example.com. 60 IN MX 0 .',
  ].join('\n')));
  const sendmail = clientMta('sendmail');
  const read = (text: string, domain = 'example.com') => sendmail.nextHops!({ mta: 'sendmail', ...sendmail.readConfig!(text, 'sendmail.mc') }, domain, zone);
  const brief = (text: string) => read(text).hops.map((hop) => `${hop.host}:${hop.port}@${hop.order}${hop.fallback ? ' fallback' : ''}`);
  // Debian's stock sendmail.mc, as its package writes it (trimmed): by MX, its host status on no disk.
  const STOCK = [
    "divert(-1)dnl",
    "divert(0)dnl",
    "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl",
    "OSTYPE(`debian')dnl",
    "DOMAIN(`debian-mta')dnl",
    "undefine(`confHOST_STATUS_DIRECTORY')dnl        #DAEMON_HOSTSTATS=",
    "define(`confPRIVACY_FLAGS',dnl",
    "`needmailhelo,restrictqrun')dnl",
    "FEATURE(`access_db', , `skip')dnl",
    "include(`/etc/mail/m4/provider.m4')dnl",
    'MAILER_DEFINITIONS',
    "MAILER(`local')dnl",
    "MAILER(`smtp')dnl",
    '',
  ].join('\n');
  const withLines = (...lines: string[]) => STOCK.replace('MAILER_DEFINITIONS', [...lines, 'MAILER_DEFINITIONS'].join('\n'));

  it("should follow Debian's stock file to the domain's MX, with its own timeouts and Debian's queue runs", () => {
    expect(brief(STOCK)).toEqual(['mail.example.com:25@10', 'server-one.example.com:25@20']);
    const stock = read(STOCK);
    // DOMAIN(`debian-mta') sets Timeout.iconnect = 2m; the stock file undefines the host status directory.
    expect(stock.waits).toEqual({ connect: 'Timeout.iconnect = 2m', greeting: 'Timeout.initial = 5m' });
    expect(stock.retry).toEqual({ ms: 600_000, setting: "a queue run every 10m (Debian's sendmail.conf QUEUE_INTERVAL)" });
    expect(stock.hostRetry).toBeUndefined();
    expect(read(STOCK, 'nomail.example.com').hops).toEqual([]);
  });

  it("should take SMART_HOST's hosts in the list's order, a bracketed one by its address and a bare one by its MX, its mailer's port, and the fallbacks last", () => {
    expect(brief(withLines("define(`SMART_HOST', `relay:[server-one.example.com]:[server-two.example.com]')dnl"))).toEqual(['server-one.example.com:25@0', 'server-two.example.com:25@1000']);
    expect(read(withLines("define(`SMART_HOST', `[server-one.example.com]')dnl")).hops[0].via).toBe('SMART_HOST, sendmail.mc line 11');
    expect(brief(withLines("define(`SMART_HOST', `esmtp:example.com')dnl", "define(`ESMTP_MAILER_ARGS', `TCP $h 2525')dnl"))).toEqual(['mail.example.com:2525@10', 'server-one.example.com:2525@20']);
    expect(brief(withLines("define(`confFALLBACK_MX', `[server-two.example.com]')dnl"))).toEqual(['mail.example.com:25@10', 'server-one.example.com:25@20', 'server-two.example.com:25@100000 fallback']);
  });

  it('should say a host that failed is passed over where the host status is kept on disk, and read the minimum queue age', () => {
    const kept = read(withLines("define(`confHOST_STATUS_DIRECTORY', `/var/lib/sendmail/host_status')dnl", "define(`confMIN_QUEUE_AGE', `5m')dnl"));
    expect(kept.hostRetry).toBe("Sendmail passes over a host that failed until its status times out, 30m later by Timeout.hoststatus (Sendmail's default), its status kept for every delivery in /var/lib/sendmail/host_status (sendmail.mc line 11), even once the host is back");
    expect(kept.retry).toEqual({ ms: 900_000, setting: "a queue run every 10m (Debian's sendmail.conf QUEUE_INTERVAL), confMIN_QUEUE_AGE = 5m (sendmail.mc line 12)" });
    expect(read(withLines("FEATURE(`mailertable')dnl")).unread).toEqual(["sendmail.mc line 11: FEATURE(`mailertable') routes domains by a table the audit does not read"]);
  });

  it('should refuse what it cannot read as m4 reads it, naming the line, and another MTA\'s file', () => {
    expect(() => sendmail.readConfig!(withLines("include(`/etc/mail/site.m4')dnl"), 'sendmail.mc')).toThrow("sendmail.mc line 11: include(`/etc/mail/site.m4') is not followed: put what it stands for in the file itself");
    expect(() => sendmail.readConfig!('relayhost = [mail]\n', 'main.cf')).toThrow("main.cf is not a sendmail.mc: it never includes Sendmail's /usr/share/sendmail/cf/m4/cf.m4 (is this another MTA's file?)");
    expect(() => sendmail.readConfig!(STOCK.replace("MAILER(`smtp')dnl", ''), 'sendmail.mc')).toThrow("sendmail.mc has no MAILER(`smtp'): Sendmail would send no mail to another host");
  });

  it("should lay its own defines on the first MAILER line, keeping every line's number, and say each", () => {
    const own = ownSendmailMc(STOCK);
    expect(own.split('\n')).toHaveLength(STOCK.split('\n').length);
    expect(own.split('\n')[11]).toBe("define(`confLOG_LEVEL', `14')define(`confQUEUE_LA', `1000')define(`confREFUSE_LA', `1000')define(`confDELAY_LA', `0')MAILER(`local')dnl");
    expect(sendmail.configNotes!(withLines("define(`confLOG_LEVEL', `9')dnl"))[0]).toBe('sendmail.mc line 11 sets confLOG_LEVEL = 9: 14 instead, each failed connect is logged (from LogLevel 14), and the harness reads the log');
    // Debian's 1 min Timeout.rset is its shortest whole-second event: the fastest clock that keeps it.
    expect(sendmail.maxSpeed!({ timing: 'own', settings: {}, config: STOCK })?.speed).toBe(60);
  });
});
