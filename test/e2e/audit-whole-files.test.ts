import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planFromFiles } from '../../harness/audit/site-files';
import { runAudit, type AuditResult } from '../../harness/audit/audit-run';
import { TopologyPool } from '../../harness/topology/topology-pool';
import { silentProgress, type Progress } from '../../harness/util/progress';
import { harnessLeftovers } from './harness-containers';

// A site's whole configuration file, run as written and audited with no scenario written; mail
// enters from the client host itself, as each file relays only for it. Exim's configure (its
// routers, transports, retry rules, timeouts) has as negative twin the same file with an empty
// retry section: Exim then bounces what it cannot deliver at once, where the site meant it to wait.
// OpenSMTPD's stock smtpd.conf relays by MX; its twin relays to one smarthost. Sendmail's stock
// sendmail.mc sends to two smart hosts; its twin to one.
const FIXTURES = join(__dirname, '../fixtures/audit');
const audit = async (clientFile: string, clientMta = 'exim', zoneFile = join(FIXTURES, 'example.com.zone'), more: { relayFile?: string; faults?: string[] } = {}, progress: Progress = silentProgress): Promise<AuditResult> => {
  const plan = await planFromFiles({ zoneFile, clientFile, clientMta, domain: 'example.com', network: '192.168.2.0/24', faults: ['stop'], messages: 3, ...more });
  // Two lanes, as the CLI plays them: a cell mostly waits on the client's timeouts and queue runs.
  const pool = new TopologyPool(2);
  return runAudit(plan, { pool, progress, parallel: 2 }).finally(() => pool.close());
};
const verdicts = (result: AuditResult) => result.cells.map((cell) => [cell.fault, cell.relay, cell.verdict, cell.carriers]);

describe("an audit of a site's whole configuration file", () => {
  afterAll(async () => {
    expect(await harnessLeftovers()).toEqual({ containers: [], networks: [] });
  });

  it('should follow its smarthost list in order, keep mail queued by its retry rule while both are down, and pass over a host that failed until its retry time', async () => {
    const result = await audit(join(FIXTURES, 'exim4.conf'));
    expect(result.relays).toEqual(['server-one', 'server-two']);
    expect(verdicts(result)).toEqual([
      ['baseline', null, 'as predicted', { 'server-one': 3 }],
      ['stop', 'server-one', 'as predicted', { 'server-two': 3 }],
      ['stop', 'server-two', 'as predicted', { 'server-two': 3 }],
      ['back', 'server-one', 'as predicted', { 'server-two': 3 }],
      ['all-down', null, 'as predicted', { 'server-one': 3 }],
    ]);
    expect(result.recommendations).toEqual([expect.stringMatching(/^back at server-one: once server-one was back, mail still went to server-two: Exim passes over a host that failed until its retry time, 15m later by its retry rule "\* \* F,2h,15m; G,16h,1h,1\.5; F,4d,6h", .*exim4\.conf line 35/)]);
    expect(result.passed).toBe(true);
  }, 400_000);

  it('should find the same file with no retry rule bouncing the mail it meant to hold while both relays were down', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'audit-exim-'));
    const noRetry = join(folder, 'exim4.conf');
    writeFileSync(noRetry, readFileSync(join(FIXTURES, 'exim4.conf'), 'utf8').replace(/^\*\s+\*\s+F,.*$/m, ''));
    const result = await audit(noRetry);
    // What the harness lays over the file comes first, each naming its line; then what the reading found.
    expect(result.notes).toEqual([
      `${noRetry} line 8 sets log_selector = +smtp_connection: the harness adds +millisec +outgoing_port (each try's time and port, read from the log)`,
      `${noRetry} line 9 sets keep_environment = (empty): the harness adds FAKETIME : FAKETIME_SHARED (the client's fast clock, kept through Exim's environment purge)`,
      `${noRetry}: no retry rule for example.com: Exim bounces what it cannot deliver at once, never queues it`,
    ]);
    const allDown = result.cells.find((cell) => cell.fault === 'all-down')!;
    expect({ verdict: allDown.verdict, carriers: allDown.carriers }).toEqual({ verdict: 'differs', carriers: { bounced: 3 } });
    expect(result.passed).toBe(false);
  }, 400_000);

  it('should stop at a file Exim itself refuses, in its own words, with the line of the file as written', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'audit-exim-'));
    const refused = join(folder, 'exim4.conf');
    const text = readFileSync(join(FIXTURES, 'exim4.conf'), 'utf8');
    writeFileSync(refused, text.replace('command_timeout = 2m', 'command_timeout = banana'));
    const line = text.split('\n').findIndex((l) => l.includes('command_timeout')) + 1;
    const said: string[] = [];
    await expect(audit(refused, 'exim', undefined, {}, { info: (line) => said.push(line) })).rejects.toThrow(new RegExp(`^Exim refuses the client's configuration: Exim configuration error in line ${line} of [^:]+: invalid time value for command_timeout`));
    // Said before any cell's run began: no run's containers were asked for.
    expect(said.filter((line) => /containers/.test(line))).toEqual([]);
  }, 120_000);

  it('should stop at a sendmail.mc m4 itself refuses, in its own words, with the line of the file as written', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'audit-sendmail-'));
    const refused = join(folder, 'sendmail.mc');
    const text = readFileSync(join(FIXTURES, 'sendmail', 'sendmail.mc'), 'utf8');
    writeFileSync(refused, text.replace("FEATURE(`no_default_msa')", "FEATURE(`no_such_feature')"));
    const line = text.split('\n').findIndex((l) => l.includes('no_default_msa')) + 1;
    const said: string[] = [];
    await expect(audit(refused, 'sendmail', join(FIXTURES, 'mx.example.com.zone'), {}, { info: (line) => said.push(line) })).rejects.toThrow(`Sendmail refuses the client's configuration: m4:sendmail.mc:${line}: cannot open \`/usr/share/sendmail/cf/feature/no_such_feature.m4': No such file or directory`);
    expect(said.filter((line) => /containers/.test(line))).toEqual([]);
  }, 120_000);

  it('should stop at a Postfix setting its smtp client refuses only when it first delivers, in its own words', async () => {
    // `postfix status` passes this file: the smtp daemon reads its timeouts only when it starts.
    const folder = mkdtempSync(join(tmpdir(), 'audit-postfix-'));
    const refused = join(folder, 'main.cf');
    writeFileSync(refused, `${readFileSync(join(FIXTURES, 'main-static.cf'), 'utf8')}smtp_connect_timeout = banana\n`);
    await expect(audit(refused, 'postfix')).rejects.toThrow(/^Postfix refuses the client's configuration when it first uses it: smtp: fatal: parameter smtp_connect_timeout: bad time value or unit: banana$/);
  }, 300_000);

  it("should follow OpenSMTPD's stock smtpd.conf by MX, and find its one-smarthost twin a single point of failure", async () => {
    const site = (file: string) => audit(join(FIXTURES, 'opensmtpd', file), 'opensmtpd', join(FIXTURES, 'mx.example.com.zone'));
    const stock = await site('smtpd.conf');
    expect(verdicts(stock)).toEqual([
      ['baseline', null, 'as predicted', { 'server-one': 3 }],
      ['stop', 'server-one', 'as predicted', { 'server-two': 3 }],
      ['stop', 'server-two', 'as predicted', { 'server-two': 3 }],
      ['back', 'server-one', 'as predicted', { 'server-one': 3 }],
      ['all-down', null, 'as predicted', { 'server-one': 3 }],
    ]);
    expect(stock.passed).toBe(true);
    const smarthost = await site('smtpd-smarthost.conf');
    expect(smarthost.relays).toEqual(['server-one']);
    expect(smarthost.recommendations).toEqual([expect.stringMatching(/^server-one is a single point of failure: while it was stopped, 3 of 3 messages waited in the client's queue/)]);
    expect(smarthost.passed).toBe(false);
  }, 600_000);

  // Debian's stock sendmail.mc with two smart hosts; its twin has one. On the fast clock the queue
  // runs come from a persistent queue runner (see sendmail-start): without it the all-down cell's
  // mail stayed queued, the daemon's next run 10 min of real time away.
  it("should follow a stock sendmail.mc's smart host list in order and deliver what waited at its next queue run, and find its one-smarthost twin a single point of failure", async () => {
    const site = (file: string) => audit(file, 'sendmail', join(FIXTURES, 'mx.example.com.zone'));
    const listed = await site(join(FIXTURES, 'sendmail', 'sendmail.mc'));
    expect(listed.relays).toEqual(['server-one', 'server-two']);
    expect(verdicts(listed)).toEqual([
      ['baseline', null, 'as predicted', { 'server-one': 3 }],
      ['stop', 'server-one', 'as predicted', { 'server-two': 3 }],
      ['stop', 'server-two', 'as predicted', { 'server-two': 3 }],
      ['back', 'server-one', 'as predicted', { 'server-one': 3 }],
      ['all-down', null, 'as predicted', { 'server-one': 3 }],
    ]);
    expect(listed.notes).toContain(`${join(FIXTURES, 'sendmail', 'sendmail.mc')} line 107: the harness adds confLOG_LEVEL = 14 before the mailers, each failed connect is logged (from LogLevel 14), and the harness reads the log`);
    expect(listed.passed).toBe(true);
    const folder = mkdtempSync(join(tmpdir(), 'audit-sendmail-'));
    const one = join(folder, 'sendmail.mc');
    writeFileSync(one, readFileSync(join(FIXTURES, 'sendmail', 'sendmail.mc'), 'utf8').replace(':[server-two.example.com]', ''));
    const single = await site(one);
    expect(single.relays).toEqual(['server-one']);
    expect(single.recommendations).toEqual([expect.stringMatching(/^server-one is a single point of failure: while it was stopped, 3 of 3 messages waited in the client's queue/)]);
    expect(single.passed).toBe(false);
  }, 600_000);

  // The relays' own main.cf: each relay runs it. Its twin forgot the LAN in mynetworks, so every
  // relay defers the client's mail (454 Relay access denied: Postfix's smtpd_relay_restrictions
  // default, defer_unauth_destination), and the client holds it, every relay tried.
  it("should run the relays' own main.cf on every relay, and find the one that does not relay for the LAN holding the client's mail", async () => {
    const relayed = (relayFile: string) => audit(join(FIXTURES, 'main.cf'), 'postfix', join(FIXTURES, 'example.com.zone'), { relayFile, faults: [] });
    const own = await relayed(join(FIXTURES, 'relay.cf'));
    expect(own.notes).toEqual([
      expect.stringMatching(/relay\.cf line 3 sets myhostname = relay\.example\.com: each relay's own is used instead/),
      expect.stringMatching(/relay\.cf line 5 sets relayhost = \[mailstore\.example\.org\]: set aside: the audit's relays hand mail to its mail store/),
    ]);
    expect(verdicts(own)).toEqual([['baseline', null, 'as predicted', { 'server-one': 3 }], ['all-down', null, 'as predicted', { 'server-one': 3 }]]);
    const folder = mkdtempSync(join(tmpdir(), 'audit-relay-'));
    const lanForgotten = join(folder, 'relay.cf');
    writeFileSync(lanForgotten, readFileSync(join(FIXTURES, 'relay.cf'), 'utf8').replace('mynetworks = 127.0.0.0/8 192.168.2.0/24', 'mynetworks = 127.0.0.0/8'));
    const refused = await relayed(lanForgotten);
    expect(refused.cells[0]).toMatchObject({ fault: 'baseline', verdict: 'differs', carriers: { queued: 3 } });
    expect(refused.cells[0].why.join(' ')).toMatch(/454 4\.7\.1 <inbox@example\.com>: Relay access denied/);
    expect(refused.passed).toBe(false);
  }, 600_000);
});
