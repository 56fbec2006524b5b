import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMainCf } from '../../harness/files/main-cf-file';
import { parseEximMain } from '../../harness/mta/exim/exim-conf-file';
import { parseEximConfigure } from '../../harness/mta/exim/exim-configure';
import { eximOverlayNotes, ownEximConfig } from '../../harness/mta/exim/exim-settings';
import { parseSendmailMc } from '../../harness/mta/sendmail/sendmail-mc-file';
import { onOwnNetwork } from '../../harness/files/own-network';
import { gatewayHostNumber, hostNumbers, memberClashes, netNumbersIn } from '../../harness/topology/address-plan';
import { fillAddresses } from '../../harness/topology/zone-text';
import { postfixRelay, sink } from '../../harness';
import { loadScenario } from '../../harness/scenario/load-scenario';

const NOTE = "is no member of the run: nothing answers there (not even the engine's gateway, kept off the addresses the files name), so a connect to it fails as to a dead host on a LAN, once the client's kernel gives up asking for its address (about 3 s)";
const fixture = (name: string) => join(__dirname, '../fixtures', `${name}.ts`);
const servers = [postfixRelay('server-one', { hostNumber: 11 }), sink('server-four', { hostNumber: 14 })];
const onNetwork = (zone: string, clientSettings: Record<string, string> = {}) => onOwnNetwork({ network: '192.168.100.0/24', zone, servers, clientSettings });

describe("a site's own main.cf", () => {
  it('should be read as Postfix reads it: comments, continuation lines, a later setting replacing an earlier one, $name kept', () => {
    const text = '# a comment\nrelayhost = [a]\n  # an indented comment\nmynetworks = 127.0.0.0/8\n    10.0.0.0/8\n\nmyorigin = $mydomain\nrelayhost = [b]:2525\n';
    expect(parseMainCf(text)).toEqual({ settings: { relayhost: '[b]:2525', mynetworks: '127.0.0.0/8 10.0.0.0/8', myorigin: '$mydomain' }, lineOf: { relayhost: 8, mynetworks: 4, myorigin: 7 } });
  });

  it('should refuse a line that is no setting, naming the file and line', () => {
    expect(() => parseMainCf('relayhost = [a]\nthis is not\n', 'client.cf')).toThrow('client.cf line 2: not a "name = value" setting: this is not');
    expect(() => parseMainCf('  orphan\n', 'client.cf')).toThrow('client.cf line 1: a continuation line with no setting before it');
  });
});

describe("a scenario on a network of its own: the files' addresses as the run's", () => {
  it('should map each address of the /24 to the server with that host number, and the /24 itself to the run\'s', () => {
    const mapped = onNetwork('a IN A 192.168.100.11\nb IN A 192.168.100.14\n', { relayhost: '[192.168.100.11]:2525', mynetworks: '127.0.0.0/8 192.168.100.0/24 192.168.100.16/28 10.9.0.0/16' });
    expect(mapped.zone).toBe('a IN A {{server-one}}\nb IN A {{server-four}}\n');
    expect(mapped.clientSettings).toEqual({ relayhost: '[{{server-one}}]:2525', mynetworks: '127.0.0.0/8 {{subnet}} {{net:16}}/28 10.9.0.0/16' });
    expect(fillAddresses('{{net:99}} {{subnet}} {{server-one}}', new Map([['dns', '10.213.7.2'], ['server-one', '10.213.7.11']]))).toBe('10.213.7.99 10.213.7.0/24 10.213.7.11');
  });

  it('should keep an address of the /24 that is no member as an address nobody holds, with a NOTE saying what a connect to it does', () => {
    expect(onNetwork('old IN A 192.168.100.99\n').notes).toEqual([`zone line 1: 192.168.100.99 ${NOTE}`]);
  });

  it("should place the DNS and the client where the site's files have them, and the gateway off every address they name", () => {
    const site = { servers: [postfixRelay('relay', { hostNumber: 1 }), sink('store', { hostNumber: 4 })], hostNumbers: { dns: 53, client: 25 } };
    const mapped = onOwnNetwork({ network: '192.168.100.0/24', zone: 'ns1 IN A 192.168.100.53\n', ...site, clientSettings: { relayhost: '[192.168.100.1]' } });
    expect(mapped.zone).toBe('ns1 IN A {{dns}}\n');
    expect(mapped.clientSettings).toEqual({ relayhost: '[{{relay}}]' });
    expect([...hostNumbers(site)]).toEqual([['dns', 53], ['client', 25], ['relay', 1], ['store', 4]]);
    // .1 is a member's: the gateway goes to the highest number nobody uses; no resolver, no .4 taken for one.
    expect(gatewayHostNumber(site)).toBe(254);
    expect(gatewayHostNumber(site, [254, 253])).toBe(252);
    // A dead relay the files name at .1 is nobody's, so the gateway is not there either.
    const dead = { servers: [sink('store')] };
    expect(gatewayHostNumber(dead)).toBe(1);
    expect(gatewayHostNumber(dead, netNumbersIn('relayhost = [{{net:1}}]:2599'))).toBe(254);
    // Servers left to the plan skip every number taken, the members' included.
    expect([...hostNumbers({ servers: [sink('a'), sink('b', { hostNumber: 11 }), sink('c')], hostNumbers: { dns: 10 }, cachingResolver: true })])
      .toEqual([['dns', 10], ['client', 3], ['resolver', 4], ['a', 12], ['b', 11], ['c', 13]]);
    expect(memberClashes({ servers: [sink('a', { hostNumber: 3 })] })).toEqual(['the client and server a are both at host number 3']);
  });

  it('should refuse a host to connect to outside the /24 and loopback, and any AAAA record', () => {
    expect(() => onNetwork('ns1 IN A 192.168.100.2\nserver-one IN A 203.0.113.7\n')).toThrow(/^zone line 2: an A record points at 203\.0\.113\.7, outside the scenario's network 192\.168\.100\.0\/24 and loopback: a run never reaches for an address that is not its own$/);
    expect(() => onNetwork('x IN AAAA fd00::1\n')).toThrow(/^zone line 1: an AAAA record: the run's network is IPv4 only/);
    expect(() => onNetwork('', { relayhost: '[198.51.100.1]' })).toThrow(/^client relayhost: relayhost = \[198\.51\.100\.1\] reaches for 198\.51\.100\.1, outside/);
    expect(onNetwork('txt IN TXT "v=spf1 ip4:198.51.100.1 -all"\nlo IN A 127.0.0.1\n').zone).toContain('ip4:198.51.100.1');
  });

  it("should read a site's zone file and main.cf files as they are, with a NOTE for each setting the run treats its own way", async () => {
    const scenario = await loadScenario(fixture('own-files'));
    expect(scenario.zone).toMatch(/^server-four\.example-domain\.com\. IN A \{\{server-four\}\}$/m);
    expect(scenario.zone).toMatch(/^@ IN SOA ns1 hostmaster \(\n {8}1571655122 ; Serial number of zone file$/m);
    expect(scenario.servers[0]).toMatchObject({ mainCf: { relayhost: '[{{server-four}}]', mynetworks: '127.0.0.0/8 {{subnet}}' } });
    expect(scenario.notes).toEqual([
      `own-files/example-domain.zone line 17: 192.168.100.99 ${NOTE}`,
      "own-files/client.cf line 7 sets maximal_backoff_time = 4000s: kept, against the harness's test timing of 4s: a fault that waits on it costs up to 4000s",
      "own-files/client.cf line 8 sets maillog_file = /var/log/postfix.log: the harness's maillog_file is used instead (it reads the log on stdout)",
    ]);
  });

  it('should refuse, naming the scenario, the file and the line, a zone file with an address outside or an $INCLUDE', async () => {
    await expect(loadScenario(fixture('own-files-outside'))).rejects.toThrow(/^own-files-outside\.ts: own-files\/outside\.zone line 5: an A record points at 203\.0\.113\.7/);
    await expect(loadScenario(fixture('own-files-include'))).rejects.toThrow(/^own-files-include\.ts: own-files\/include\.zone line 2: \$INCLUDE is not followed/);
  });

  describe('a file that is no zone or main.cf, each refused in one sentence naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-bad-files-'));
    const binary = join(dir, 'zone.bin');
    const huge = join(dir, 'huge.zone');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00]));
    writeFileSync(huge, Buffer.alloc(10 * 1024 * 1024, '; a comment\n'));
    const load = (env: Record<string, string>) => {
      Object.assign(process.env, env);
      return loadScenario(fixture('own-files-named')).finally(() => { for (const name of Object.keys(env)) delete process.env[name]; });
    };
    it.each([
      ['a missing zone file', { OWN_ZONE: join(dir, 'nowhere.zone') }, /^own-files-named\.ts: zoneFile: .*nowhere\.zone cannot be read \(no such file; looked for /],
      ['a directory', { OWN_ZONE: dir }, /^own-files-named\.ts: zoneFile: .* is a directory, not a file/],
      ['a binary file', { OWN_ZONE: binary }, /^own-files-named\.ts: zoneFile: .*zone\.bin is not a text file \(it holds binary data/],
      ['a 10 MB file', { OWN_ZONE: huge }, /^own-files-named\.ts: zoneFile: .*huge\.zone is 10\.0 MB; a zone or configuration file is far smaller \(the limit is 1 MB\)/],
      ['a main.cf line that is not a setting', { OWN_CLIENT_CF: 'own-files/not-a-setting.cf' }, /^own-files-named\.ts: own-files\/not-a-setting\.cf line 2: not a "name = value" setting: this line is no setting$/],
    ])('%s', async (_name, env, problem) => {
      await expect(load(env)).rejects.toThrow(problem);
    });
  });
});

describe("the other clients' own configuration files", () => {
  it("should read Exim's main section as Exim does: comments, continuation, hide, booleans", () => {
    const text = readFileSync(join(__dirname, '../fixtures/own-files/exim-main.conf'), 'utf8');
    expect(parseEximMain(text, 'exim-main.conf')).toEqual({
      settings: { primary_hostname: 'client.example-domain.com', smtp_accept_max: '50', smtp_receive_timeout: '30s', smtp_return_error_details: 'true', message_logs: 'false', message_size_limit: '52M' },
      lineOf: { primary_hostname: 2, smtp_accept_max: 3, smtp_receive_timeout: 5, smtp_return_error_details: 6, message_logs: 7, message_size_limit: 8 },
    });
    expect(() => parseEximMain('primary_hostname = a\nbegin routers\n', 'x.conf')).toThrow('x.conf line 2: "begin routers": the harness writes Exim\'s routers and transports from the scenario\'s route; give the main section only');
    expect(() => parseEximMain('.include /etc/exim4/local\n', 'x.conf')).toThrow('x.conf line 1: .include is not followed: put what it stands for in the file itself');
    expect(() => parseEximMain('MAIN_TLS = yes\n', 'x.conf')).toThrow('x.conf line 1: a macro (MAIN_TLS): write its value where it is used');
    expect(() => parseEximMain('this is = not exim\n', 'x.conf')).toThrow('x.conf line 1: not an Exim main option ("name = value"): this is = not exim');
  });

  it("should run Exim's whole configure as written, laying over only the log and the clock, each said with its line", () => {
    const text = readFileSync(join(__dirname, '../fixtures/audit/exim4.conf'), 'utf8');
    const run = ownEximConfig(text, true);
    const [own, laid] = [parseEximConfigure(text), parseEximConfigure(run)];
    expect(laid.main.log_selector.value).toBe('+smtp_connection +millisec +outgoing_port');
    expect(laid.main.keep_environment.value).toBe('FAKETIME : FAKETIME_SHARED');
    expect(laid.main.log_file_path.value).toBe('/var/log/exim4/%slog');
    // On a comment line of the main section: every line keeps its number, so Exim's own errors name the file's lines.
    expect([run.split('\n').length, laid.main.acl_smtp_rcpt.line, laid.routers[0].line]).toEqual([text.split('\n').length, own.main.acl_smtp_rcpt.line, own.routers[0].line]);
    // Everything else as the file has it: its options, routers, transports and retry rules.
    const rest = (read: typeof own) => ({ ...read, main: Object.fromEntries(Object.entries(read.main).filter(([name]) => !['log_selector', 'keep_environment', 'log_file_path'].includes(name)).map(([name, option]) => [name, option.value])) });
    expect(rest(laid)).toEqual(rest(own));
    expect(ownEximConfig(text, false)).not.toMatch(/FAKETIME/);
    expect(eximOverlayNotes(text, 'exim4.conf')).toEqual([
      'exim4.conf line 8 sets log_selector = +smtp_connection: the harness adds +millisec +outgoing_port (each try\'s time and port, read from the log)',
      "exim4.conf line 9 sets keep_environment = (empty): the harness adds FAKETIME : FAKETIME_SHARED (the client's fast clock, kept through Exim's environment purge)",
    ]);
  });

  it("should read a sendmail.mc's defines, passing over what the harness writes itself", () => {
    const text = readFileSync(join(__dirname, '../fixtures/own-files/sendmail.mc'), 'utf8');
    expect(parseSendmailMc(text, 'sendmail.mc')).toEqual({ settings: { confTO_CONNECT: '30s', confMAX_MESSAGE_SIZE: '52428800' }, lineOf: { confTO_CONNECT: 7, confMAX_MESSAGE_SIZE: 8 } });
    expect(() => parseSendmailMc("LOCAL_RULE_3\nR$* $#error\n", 'x.mc')).toThrow("x.mc line 1: not a define(`name', `value') the harness can apply: LOCAL_RULE_3");
  });

  it('should load a scenario whose Exim client reads its own main section file', async () => {
    const scenario = await loadScenario(fixture('own-files-exim'));
    expect(scenario.client).toEqual({ mta: 'exim', settings: expect.objectContaining({ smtp_accept_max: '50', message_logs: 'false' }) });
  });
});
