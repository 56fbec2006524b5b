import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// Users on vitest get the matchers from `mail-relay-failover-harness/vitest`: here its source entry,
// run by vitest itself (the package's built entry is run the same way by test/e2e/package.test.ts).
describe('the matchers on vitest', () => {
  it("should register on vitest's expect and pass and fail there as on jest's", () => {
    const run = spawnSync('npx', ['--no-install', 'vitest', 'run', 'test/vitest/'], { cwd: resolve(__dirname, '../..'), encoding: 'utf8', timeout: 60_000, env: { ...process.env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' } });
    expect({ status: run.status, output: run.stdout.match(/Tests\s+\d+ passed/)?.[0] }).toEqual({ status: 0, output: expect.stringMatching(/Tests\s+1 passed/) });
  }, 90_000);
});
