import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-runner';
import { leftoversOn } from './harness-containers';

// `--export-compose DIR`: the failover scenario as a compose project, run by the article's own
// commands with podman-compose and with docker-compose; server four's log tells which relay carried each mail.
describe.each([
  ['podman', 'podman-compose'],
  ['docker', 'docker-compose'],
] as const)('failover exported as a compose project, run with %s', (engine, compose) => {
  let dir: string;
  // Bounded: a compose tool waiting on a container that never starts would hang the whole suite.
  const inProject = (program: string, ...args: string[]) =>
    execFileSync(program, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  const serverFourLog = () => inProject(engine, 'logs', 'article_server4');
  const carriers = () => [...serverFourLog().matchAll(/article-(\d+) received from (server-[a-z]+)\./g)].map((m) => [Number(m[1]), m[2]] as const);
  const until = async (what: string, done: () => boolean) => {
    const deadline = Date.now() + 60_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server four's log:\n${serverFourLog()}`);
      await new Promise((wake) => setTimeout(wake, 200));
    }
  };
  const serving = (container: string) => {
    try {
      inProject(engine, 'exec', container, 'postfix', 'status');
      return true;
    } catch {
      return false;
    }
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), `harness-compose-${engine}-`));
    const run = runCli('failover', '--engine', engine, '--export-compose', dir);
    expect(run.status).toBe(0);
  });

  afterAll(() => {
    try {
      inProject(compose, 'down');
    } catch {
      // Already down when the test got that far; the leftover check below is what counts.
    }
  });

  it("should carry mail 1 by server one and, after `stop article_server1`, six by two or three; `down` leaves nothing", async () => {
    inProject(compose, 'up', '-d');
    await until('the client and relays to serve', () => ['article_client', 'article_server1', 'article_server2', 'article_server3'].every(serving));
    await until('server four to listen', () => /sink listening/.test(serverFourLog()));
    inProject(engine, 'exec', 'article_client', './senddummy.sh');
    await until('mail 1 at server four', () => carriers().length === 1);
    expect(carriers()).toEqual([[1, 'server-one']]);
    inProject(engine, 'stop', 'article_server1');
    for (let i = 0; i < 6; i++) inProject(engine, 'exec', 'article_client', './senddummy.sh');
    await until('seven mails at server four', () => carriers().length === 7);
    const after = carriers().slice(1);
    expect(after.map(([n]) => n).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
    for (const [, relay] of after) expect(['server-two', 'server-three']).toContain(relay);
    inProject(compose, 'down');
    expect(leftoversOn(engine)).toEqual({ containers: [], networks: [] });
    expect(inProject(engine, 'ps', '-a', '--format', '{{.Names}}')).not.toMatch(/article_/);
  });
});
