import { malformedCorpus } from '../fixtures/malformed-corpus';
import { scenarioProblems } from '../../harness/scenario/validate-scenario';

// The same corpus without a process per case: every problem but the zone BIND rejects is found by shape alone.
describe('scenario validation of the malformed corpus', () => {
  it.each(Object.entries(malformedCorpus).filter(([name]) => name !== 'a zone BIND rejects'))('%s', (_name, { scenario, problem }) => {
    expect(scenarioProblems(scenario).join('; ')).toMatch(problem);
  });
});
