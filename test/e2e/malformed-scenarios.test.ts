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
});
