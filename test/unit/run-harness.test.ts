import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm run scenario` starts the compiled harness only when it was built after every source changed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compiledIsFresh } = require('../../scripts/run-harness.js') as { compiledIsFresh: (dir: string) => boolean };

describe('which harness npm run starts', () => {
  let dir: string;
  const at = (path: string, seconds: number) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), '');
    utimesSync(join(dir, path), seconds, seconds);
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'run-harness-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should start the compiled harness when it was built after every source', () => {
    at('harness/cli.ts', 1000);
    at('scenarios/failover.ts', 1000);
    at('dist/.built-at', 2000);
    expect(compiledIsFresh(dir)).toBe(true);
  });

  it('should start the sources when one changed after the build, or there is none (negative twins)', () => {
    at('harness/cli.ts', 1000);
    at('harness/scenario/steps.ts', 3000);
    expect(compiledIsFresh(dir)).toBe(false);
    at('dist/.built-at', 2000);
    expect(compiledIsFresh(dir)).toBe(false);
    at('harness/scenario/steps.ts', 1500);
    expect(compiledIsFresh(dir)).toBe(true);
  });
});
