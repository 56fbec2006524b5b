import { runMatrix, releaseChanges, type MatrixResult } from '../../harness/matrix/conformance-matrix';
import { silentProgress } from '../../harness/util/progress';
import { harnessLeftovers } from './harness-containers';

// The client from two Debian releases, a column each: Postfix 3.7 (bookworm) has no SRV lookup
// (use_srv_lookup came in 3.8), and the SRV row must say so from Postfix's own words, never pass.
// Building a release's images takes minutes, so this runs in the nightly's releases job
// (HARNESS_RELEASES=1) and by hand, not in every CI run.
const releases = process.env.HARNESS_RELEASES ? describe : describe.skip;

releases('one client from two Debian releases', () => {
  let matrix: MatrixResult;

  beforeAll(async () => {
    matrix = await runMatrix({ clients: ['postfix'], suites: ['bookworm', 'trixie'], only: ['fault-killed', 'mx-hot-standby'], progress: silentProgress });
  }, 1_800_000);

  afterAll(async () => {
    expect(await harnessLeftovers()).toEqual({ containers: [], networks: [] });
  });

  it("should name each release's Postfix in its own column", () => {
    expect(matrix.clients).toEqual([
      expect.objectContaining({ mta: 'postfix', suite: 'bookworm', column: 'postfix@bookworm', version: expect.stringMatching(/^Postfix 3\.7\./) }),
      expect.objectContaining({ mta: 'postfix', suite: 'trixie', column: 'postfix@trixie', version: expect.stringMatching(/^Postfix 3\.10\./) }),
    ]);
  });

  it('should not pass the SRV row on Postfix 3.7, saying in its own words that it does not know use_srv_lookup, and pass it on 3.10', () => {
    const srv = matrix.rows.find((row) => row.scenario === 'fault-killed')!;
    expect(srv.cells['postfix@bookworm']).toEqual({ verdict: 'cannot', figure: expect.stringMatching(/unused parameter: use_srv_lookup/) });
    expect(srv.cells['postfix@trixie'].verdict).toBe('holds');
    expect(releaseChanges(matrix)).toContainEqual(expect.stringMatching(/^fault-killed on Postfix: cannot on bookworm \(Postfix 3\.7\.\d+\), holds on trixie \(Postfix 3\.10\.\d+\)$/));
  });

  it('should hold the MX row on both, which needs nothing 3.7 lacks', () => {
    const mx = matrix.rows.find((row) => row.scenario === 'mx-hot-standby')!;
    expect([mx.cells['postfix@bookworm'].verdict, mx.cells['postfix@trixie'].verdict]).toEqual(['holds', 'holds']);
  });
});
