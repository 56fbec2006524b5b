import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { malformedCorpus } from '../fixtures/malformed-corpus';
import { fixture, runTsxAsync } from './cli-runner';
import { harnessLeftovers } from './harness-containers';

// Each malformed scenario, run as a file through the CLI: exit 2, one sentence naming the problem,
// nothing started. Side by side (jest's maxConcurrency): each is a short process that starts nothing.
describe('a malformed scenario', () => {
  afterAll(async () => {
    expect(await harnessLeftovers()).toEqual({ containers: [], networks: [] });
  });

  it('should be a corpus of at least 25', () => {
    expect(Object.keys(malformedCorpus).length).toBeGreaterThanOrEqual(25);
  });

  it.concurrent.each(Object.entries(malformedCorpus))('%s: exit 2, one line naming it, no container started', async (name, { problem }) => {
    const run = await runTsxAsync('harness/cli.ts', [fixture('malformed')], { MALFORMED_CASE: name });
    expect({ status: run.status, stderr: run.stderr.trim().split('\n') }).toEqual({ status: 2, stderr: [expect.stringMatching(problem)] });
    expect(run.stdout).not.toMatch(/starting \d+ containers/);
  });

  // A site's own files, named by the scenario: what a user may hand it by mistake.
  const dir = mkdtempSync(join(tmpdir(), 'harness-bad-files-'));
  writeFileSync(join(dir, 'zone.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]));
  writeFileSync(join(dir, 'huge.zone'), Buffer.alloc(10 * 1024 * 1024, '; padding\n'));
  it.concurrent.each([
    ['a missing zone file', { OWN_ZONE: join(dir, 'nowhere.zone') }, /zoneFile: .*nowhere\.zone cannot be read \(no such file/],
    ['a directory as the zone file', { OWN_ZONE: dir }, /zoneFile: .* is a directory, not a file/],
    ['a binary zone file', { OWN_ZONE: join(dir, 'zone.bin') }, /zoneFile: .*zone\.bin is not a text file/],
    ['a 10 MB zone file', { OWN_ZONE: join(dir, 'huge.zone') }, /zoneFile: .*huge\.zone is 10\.0 MB/],
    ['a zone file with $INCLUDE', { OWN_ZONE: 'own-files/include.zone' }, /own-files\/include\.zone line 2: \$INCLUDE is not followed/],
    ['a zone file with an address outside the network', { OWN_ZONE: 'own-files/outside.zone' }, /outside\.zone line 5: an A record points at 203\.0\.113\.7, outside the scenario's network/],
    ['a main.cf line that is not a setting', { OWN_CLIENT_CF: 'own-files/not-a-setting.cf' }, /not-a-setting\.cf line 2: not a "name = value" setting/],
  ])('%s: exit 2, one line naming it, no container started', async (_name, env, problem) => {
    const run = await runTsxAsync('harness/cli.ts', [fixture('own-files-named')], env);
    expect({ status: run.status, stderr: run.stderr.trim().split('\n') }).toEqual({ status: 2, stderr: [expect.stringMatching(problem)] });
    expect(run.stdout).not.toMatch(/starting \d+ containers/);
  });
});
