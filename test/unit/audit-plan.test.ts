import { planAudit, predictedCarriers } from '../../harness/audit/audit-plan';
import { parseCompiledZone, ZoneRecords } from '../../harness/files/zone-records';
import { postfix } from '../../harness';
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
const site = (settings: Record<string, string>) => planAudit({ domain: 'example.com', network: '192.168.2.0/24', zone: ZONE, records, client: postfix(settings) });

describe("an audit's plan from a site's files", () => {
  const srv = site({ relayhost: 'example.com:submission', use_srv_lookup: 'submission' });

  it('should give each host the client can hand mail to a relay at its own host number and port', () => {
    expect(srv.problems).toEqual([]);
    expect(srv.relays.map((r) => [r.name, r.hostNumber, r.port, r.order])).toEqual([['server-one', 11, 2525, 0], ['server-two', 12, 2625, 1], ['server-three', 13, 2725, 1]]);
  });

  it('should predict from the route: priority 0 first, the next priority when it is stopped, queued when all are', () => {
    expect(srv.cells.map((c) => [c.fault, c.relay ?? '', c.predicted.join('+')])).toEqual([
      ['baseline', '', 'server-one'],
      ['stop', 'server-one', 'server-two+server-three'],
      ['stop', 'server-two', 'server-one'],
      ['stop', 'server-three', 'server-one'],
      ['all down', '', ''],
    ]);
    expect(predictedCarriers([{ name: 'a', hostNumber: 1, port: 25, order: 0, fallback: false, via: '' }, { name: 'f', hostNumber: 2, port: 25, order: 9, fallback: true, via: '' }], new Set(['a']))).toEqual(['f']);
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
    const single = site({ relayhost: '[server-one.example.com]:2525' });
    expect(single.cells.map((c) => [c.fault, c.relay ?? '', c.predicted.join('+')])).toEqual([['baseline', '', 'server-one'], ['stop', 'server-one', ''], ['all down', '', '']]);
    // The mail must wait in the queue while it is stopped, and go once it is back.
    expect(single.cells[1].scenario.steps.map((step) => step.kind)).toEqual(['stop', 'send', 'wait', 'expect-queued', 'start']);
    expect(site({ relayhost: '[10.0.0.9]' }).problems).toEqual([
      '10.0.0.9 (address (relayhost)) is at 10.0.0.9, outside the site\'s network: a run never reaches for an address that is not its own',
      'the client\'s configuration leads to no host of 192.168.2.0/24 to hand mail to',
    ]);
  });
});
