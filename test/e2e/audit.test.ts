import { join } from 'node:path';
import { planFromFiles } from '../../harness/audit/site-files';
import { runAudit, type AuditResult } from '../../harness/audit/audit-run';
import { TopologyPool } from '../../harness/topology/topology-pool';
import { silentProgress } from '../../harness/util/progress';
import { harnessLeftovers } from './harness-containers';

// Seed 004's three transport_maps recipes, audited from the files as the how-to writes them (its
// hosts at addresses of a /24 of the site's own), with no scenario written: the audit finds what the
// catalog's hand-written scenarios found (transport-maps-as-written, -list, -list-fixed). The fixed
// list is the broken one's negative twin: the same layout, the one passes where the other fails.
const SEED = join(__dirname, '../fixtures/audit/seed-004');
const audit = async (recipe: string): Promise<AuditResult> => {
  const plan = await planFromFiles({ zoneFile: join(SEED, 'example.com.zone'), clientFile: join(SEED, recipe, 'main.cf'), domain: 'example.com', network: '192.168.2.0/24', faults: ['stop'], messages: 3 });
  // Two lanes, as the CLI plays them: a cell mostly waits on the client's timeouts and queue runs.
  const pool = new TopologyPool(2);
  return runAudit(plan, { pool, progress: silentProgress, parallel: 2 }).finally(() => pool.close());
};
const verdicts = (result: AuditResult) => result.cells.map((cell) => [cell.fault, cell.relay, cell.verdict]);

describe("an audit of seed 004's transport_maps recipes, from its own files", () => {
  afterAll(async () => {
    expect(await harnessLeftovers()).toEqual({ containers: [], networks: [] });
  });

  it('should find one line per relay to be one relay: postmap keeps the first, and host1 is a single point of failure', async () => {
    const result = await audit('as-written');
    expect(result.relays).toEqual(['host1']);
    expect(result.notes).toEqual([
      expect.stringMatching(/^\/etc\/postfix\/transport line 3: a second entry for example\.com \("smtp:\[host2\.example\.com\]:587"\): postmap keeps the first \(line 2\)/),
      expect.stringMatching(/^\/etc\/postfix\/transport line 4: a second entry for example\.com/),
    ]);
    expect(result.recommendations).toEqual([expect.stringMatching(/^host1 is a single point of failure: while it was stopped, 3 of 3 messages waited in the client's queue/)]);
    expect(result.passed).toBe(false);
  }, 300_000);

  it("should find the list with smtp: on each item no failover: when host1 stops, the mail waits instead of going to host2", async () => {
    const result = await audit('list');
    expect(result.relays).toEqual(['host1', 'host2']);
    expect(result.notes).toEqual([expect.stringMatching(/next hop 2 "smtp:\[host2\.example\.com\]:587" names its transport again/)]);
    const stop = result.cells.find((cell) => cell.fault === 'stop' && cell.relay === 'host1')!;
    expect({ verdict: stop.verdict, predicted: stop.predicted, carriers: stop.carriers }).toEqual({ verdict: 'differs', predicted: ['host2'], carriers: { queued: 3 } });
    // Why, in Postfix's words: its smtp client dies on the second item when it first turns to it.
    expect(stop.why).toContainEqual(expect.stringMatching(/^the client's log says smtp: fatal: valid hostname or network address required in server description: smtp:\[host2\.example\.com\]:587$/));
    expect(result.passed).toBe(false);
  }, 300_000);

  it('should find the list transport(5) reads failing over in its order: host1, then host2 when host1 is stopped', async () => {
    const result = await audit('list-fixed');
    expect(result.notes).toEqual([]);
    expect(verdicts(result)).toEqual([
      ['baseline', null, 'as predicted'],
      ['stop', 'host1', 'as predicted'],
      ['stop', 'host2', 'as predicted'],
      ['back', 'host1', 'as predicted'],
      ['all-down', null, 'as predicted'],
    ]);
    expect(result.cells[1].carriers).toEqual({ host2: 3 });
    expect(result.passed).toBe(true);
  }, 300_000);
});
