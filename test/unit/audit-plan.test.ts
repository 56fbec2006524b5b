import { planAudit, predictedCarriers, relaysAhead } from '../../harness/audit/audit-plan';
import { parseCompiledZone, ZoneRecords } from '../../harness/files/zone-records';
import { postfix } from '../../harness';
import { clientMta } from '../../harness/mta/registry';
import { scenarioProblems } from '../../harness/scenario/validate-scenario';

// The audit's battery planned from a site's own files (seed 000's layout: SRV priority 0 and two at 1).
const ZONE = `$TTL 60
@ IN SOA ns1 hostmaster 1 1200 180 1209600 60
@ IN NS ns1
ns1 IN A 192.168.2.2
server-one IN A 192.168.2.11
server-two IN A 192.168.2.12
server-three IN A 192.168.2.13
_submission._tcp IN SRV 0 5 2525 server-one
_submission._tcp IN SRV 1 5 2625 server-two
_submission._tcp IN SRV 1 5 2725 server-three
`;
const records = new ZoneRecords(parseCompiledZone([
  'example.com. 60 IN NS ns1.example.com.',
  'ns1.example.com. 60 IN A 192.168.2.2',
  '_submission._tcp.example.com. 60 IN SRV 0 5 2525 server-one.example.com.',
  '_submission._tcp.example.com. 60 IN SRV 1 5 2625 server-two.example.com.',
  '_submission._tcp.example.com. 60 IN SRV 1 5 2725 server-three.example.com.',
  'server-one.example.com. 60 IN A 192.168.2.11',
  'server-two.example.com. 60 IN A 192.168.2.12',
  'server-three.example.com. 60 IN A 192.168.2.13',
].join('\n')));
const site = (settings: Record<string, string>, options: { faults?: string[] } = {}) => planAudit({ domain: 'example.com', network: '192.168.2.0/24', zone: ZONE, records, client: postfix(settings), ...options });

describe("an audit's plan from a site's files", () => {
  const srv = site({ relayhost: 'example.com:submission', use_srv_lookup: 'submission' });

  it('should give each host the client can hand mail to a relay at its own host number and port', () => {
    expect(srv.problems).toEqual([]);
    expect(srv.relays.map((r) => [r.name, r.hostNumber, r.port, r.order])).toEqual([['server-one', 11, 2525, 0], ['server-two', 12, 2625, 1], ['server-three', 13, 2725, 1]]);
  });

  it('should predict from the route: priority 0 first, the next priority when it is stopped, queued when all are', () => {
    const stops = srv.cells.filter((c) => ['baseline', 'stop', 'back', 'all-down'].includes(c.fault));
    expect(stops.map((c) => [c.fault, c.relay ?? '', c.stopped.join('+'), c.predicted.join('+')])).toEqual([
      ['baseline', '', '', 'server-one'],
      ['stop', 'server-one', '', 'server-two+server-three'],
      // A relay the client tries only after server-one is met with server-one stopped first.
      ['stop', 'server-two', 'server-one', 'server-three'],
      ['stop', 'server-three', 'server-one', 'server-two'],
      // Judged on the mail sent once it is back: the first choice again.
      ['back', 'server-one', '', 'server-one'],
      ['all-down', '', '', ''],
    ]);
    expect(predictedCarriers([{ name: 'a', hostNumber: 1, port: 25, order: 0, fallback: false, via: '' }, { name: 'f', hostNumber: 2, port: 25, order: 9, fallback: true, via: '' }], new Set(['a']))).toEqual(['f']);
    expect(relaysAhead(srv.relays, 'server-three')).toEqual(['server-one']);
    expect(relaysAhead(srv.relays, 'server-one')).toEqual([]);
  });

  it('should play every fault of the battery at every relay, each with what the mail handed to it meets', () => {
    expect(srv.cells.length).toBe(1 + 10 * 3 + 1 + 1);
    const at = (fault: string, relay: string) => srv.cells.find((c) => c.fault === fault && c.relay === relay)!;
    expect(at('pause', 'server-one').scenario.steps.map((s) => s.kind)).toEqual(['fault', 'send']);
    expect(at('pause', 'server-two').scenario.steps.map((s) => s.kind)).toEqual(['stop', 'fault', 'send']);
    // Mail the client cannot see lost, or refused for good, is carried by the route as before: its fate is the cell's.
    expect([at('black-hole', 'server-one').predicted, at('black-hole', 'server-one').effect]).toEqual([['server-one'], 'lost']);
    expect([at('rcpt-550', 'server-one').predicted, at('rcpt-550', 'server-one').effect]).toEqual([['server-one'], 'bounced']);
    expect(at('rcpt-550', 'server-one').scenario.expect?.map((e) => e.description)).toEqual(['message fates are exactly: 6 bounced']);
    // Two relays share the tier: some of the mail meets the black hole, the rest goes through the other.
    expect(at('black-hole', 'server-two').scenario.expect?.map((e) => e.description)).toEqual(['messages are lost at server-two and nowhere else; every other one is delivered once']);
    // A greeting later than the client's own smtp_helo_timeout (300 s, Postfix's default), in whole seconds at 60×.
    const slow = at('slow-greeting', 'server-one').scenario.steps.find((s) => s.kind === 'smtp-fault');
    expect(slow).toMatchObject({ stage: 'greeting', delayMs: 360_000 });
    expect(srv.waits).toEqual({ connect: 'smtp_connect_timeout = 30s', greeting: 'smtp_helo_timeout = 300s' });
    expect(at('stop', 'server-one').scenario.timing).toBe('own');
  });

  it("should pay the file's own waits at its own timing, Debian's at shipped timing, and refuse the harness's test timing", () => {
    const own = { relayhost: 'example.com:submission', use_srv_lookup: 'submission', smtp_helo_timeout: '60s' };
    expect(site(own).waits.greeting).toBe('smtp_helo_timeout = 60s');
    expect(planAudit({ domain: 'example.com', network: '192.168.2.0/24', zone: ZONE, records, client: postfix(own), timing: 'shipped' }).waits.greeting).toBe('smtp_helo_timeout = 300s');
    expect(planAudit({ domain: 'example.com', network: '192.168.2.0/24', zone: ZONE, records, client: postfix(own), timing: 'test' as 'own' }).problems).toEqual([expect.stringMatching(/^--timing test lays the harness's own 1 s and 5 s timeouts over the site's file/)]);
  });

  it('should take only the faults asked for, and refuse a name the battery has not', () => {
    const some = site({ relayhost: 'example.com:submission', use_srv_lookup: 'submission' }, { faults: ['pause'] });
    expect(some.cells.map((c) => c.fault)).toEqual(['baseline', 'pause', 'pause', 'pause', 'all-down']);
    expect(site({ relayhost: 'example.com:submission', use_srv_lookup: 'submission' }, { faults: ['freeze'] }).problems).toEqual([
      expect.stringMatching(/^--faults names freeze: the battery's faults are stop, kill, pause/),
    ]);
  });

  it('should write each cell as a scenario on the site\'s own network that validates, the mail store at a free host number', () => {
    for (const cell of srv.cells) expect({ cell: cell.scenario.name, problems: scenarioProblems(cell.scenario) }).toEqual({ cell: cell.scenario.name, problems: [] });
    const baseline = srv.cells[0].scenario;
    expect(baseline.servers.find((s) => s.name === 'mailstore')?.hostNumber).toBe(250);
    expect(baseline.zone).toMatch(/^server-one IN A \{\{server-one\}\}$/m);
    // The DNS where the zone's NS is; the client on a number no file names.
    expect(baseline.hostNumbers).toEqual({ dns: 2, client: 3 });
    expect(baseline.zone).toMatch(/^ns1 IN A \{\{dns\}\}$/m);
  });

  it('should leave a static relayhost one relay, whose stop no route goes round, and say what it cannot place', () => {
    const single = site({ relayhost: '[server-one.example.com]:2525' }, { faults: ['stop', 'pause'] });
    expect(single.cells.map((c) => [c.fault, c.relay ?? '', c.predicted.join('+')])).toEqual([['baseline', '', 'server-one'], ['stop', 'server-one', ''], ['pause', 'server-one', ''], ['all-down', '', '']]);
    // The mail must wait in the queue while it is broken, and go once it is back.
    expect(single.cells[1].scenario.steps.map((step) => step.kind)).toEqual(['stop', 'send', 'wait', 'expect-queued', 'start']);
    expect(single.cells[2].scenario.steps.map((step) => step.kind)).toEqual(['fault', 'send', 'wait', 'expect-queued', 'heal']);
    expect(site({ relayhost: '[10.0.0.9]' }).problems).toEqual([
      '10.0.0.9 (address (relayhost)) is at 10.0.0.9, outside the site\'s network: a run never reaches for an address that is not its own',
      'the client\'s configuration leads to no host of 192.168.2.0/24 to hand mail to',
    ]);
  });

  it("should run Exim's whole file at its own timing only, judge queued mail after its retry rule and queue run, and predict the first choice back passed over until its retry time", () => {
    const exim = clientMta('exim');
    const file = (retry: string) => exim.readConfig!(['domainlist local_domains = @', 'begin routers', 'smarthost:', '  driver = dnslookup', '  check_srv = submission', '  transport = remote_smtp', 'begin transports', 'remote_smtp:', '  driver = smtp', '  connect_timeout = 60s', 'begin retry', retry].join('\n'), 'exim4.conf');
    const plan = (retry: string, timing: 'own' | 'shipped' = 'own') => planAudit({ domain: 'example.com', network: '192.168.2.0/24', zone: ZONE, records, client: { mta: 'exim', ...file(retry) }, faults: ['stop'], timing });
    const own = plan('*  *  F,2h,15m');
    const back = own.cells.find((cell) => cell.fault === 'back')!;
    expect({ predicted: back.predicted, because: back.because }).toEqual({ predicted: ['server-two', 'server-three'], because: 'Exim passes over a host that failed until its retry time, 15m later by its retry rule "* * F,2h,15m", exim4.conf line 12, even once the host is back' });
    // 15 min and a 30 min queue run, at the client's clock, with a quarter more and a minute.
    expect(own.cells.find((cell) => cell.fault === 'all-down')!.scenario.settleTimeoutMs).toBe(2_700_000 * 1.25 + 60_000);
    expect(own.cells.find((cell) => cell.fault === 'baseline')!.scenario.settleTimeoutMs).toBeUndefined();
    const none = plan('');
    expect(none.cells.find((cell) => cell.fault === 'back')!.predicted).toEqual(['server-one']);
    expect(none.notes).toEqual(['exim4.conf: no retry rule for example.com: Exim bounces what it cannot deliver at once, never queues it']);
    expect(plan('*  *  F,2h,15m', 'shipped').problems).toEqual([expect.stringMatching(/^--timing shipped sets the file's timing settings aside, but Exim's whole file runs as written/)]);
  });

  it("should predict the last relay's 5xx greeting as the client's own algorithm takes it: returned by Exim, queued by Postfix", () => {
    const exim = clientMta('exim');
    const config = exim.readConfig!(['begin routers', 'smarthost:', '  driver = manualroute', '  route_list = * "server-one.example.com : server-two.example.com"', '  transport = remote_smtp', 'begin transports', 'remote_smtp:', '  driver = smtp', 'begin retry', '*  *  F,2h,15m'].join('\n'), 'exim4.conf');
    // server-two after server-one, stopped: the last host the client can try.
    const last = (plan: ReturnType<typeof planAudit>) => plan.cells.find((cell) => cell.fault === 'greeting-554' && cell.relay === 'server-two')!;
    const byExim = last(planAudit({ domain: 'example.com', network: '192.168.2.0/24', zone: ZONE, records, client: { mta: 'exim', ...config }, faults: ['greeting-554'] }));
    expect({ effect: byExim.effect, predicted: byExim.predicted, because: byExim.because }).toEqual({ effect: 'bounced', predicted: [], because: expect.stringMatching(/^Exim takes a 5xx greeting at the last host it can try as that host's permanent answer/) });
    expect(byExim.scenario.expect?.map((e) => e.description)).toEqual(['message fates are exactly: 6 bounced']);
    const byPostfix = last(site({ relayhost: '[server-one.example.com], [server-two.example.com]' }, { faults: ['greeting-554'] }));
    expect({ effect: byPostfix.effect, predicted: byPostfix.predicted, because: byPostfix.because }).toEqual({ effect: 'routed round', predicted: [], because: undefined });
  });

  it("should give every relay the relays' own main.cf, setting aside its names and where it hands mail on, each said", () => {
    const plan = planAudit({ domain: 'example.com', network: '192.168.2.0/24', zone: ZONE, records, client: postfix({ relayhost: 'example.com:submission', use_srv_lookup: 'submission' }), faults: [], relayFile: { text: 'myhostname = relay.example.com\nrelayhost = [mail.example.org]\nmessage_size_limit = 20480000\n', file: 'relay.cf' } });
    const relay = plan.cells[0].scenario.servers[0] as { mainCf?: Record<string, string> };
    expect(relay.mainCf).toEqual({ message_size_limit: '20480000', relayhost: '[{{mailstore}}]' });
    expect(plan.notes).toEqual([
      'relay.cf line 1 sets myhostname = relay.example.com: each relay\'s own is used instead (the run owns its names, listener and log)',
      expect.stringMatching(/sets relayhost = \[mail\.example\.org\]: set aside: the audit's relays hand mail to its mail store/),
    ]);
  });
});
