import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { LiveCli, runTsx } from './cli-runner';
import { leftoversOn } from './harness-containers';

// `npm run walkthrough`: the article's podman walkthrough (seed 000, "Complete setup").
const WALKTHROUGH = 'harness/walkthrough/walkthrough-cli.ts';

interface JsonMessage { id: string; carriedBy: string | null }

function expectTheArticlesVerdict(result: { passed: boolean; messages: JsonMessage[] }): void {
  expect(result.passed).toBe(true);
  expect(result.messages.map((m) => m.id)).toEqual(Array.from({ length: 7 }, (_, i) => `article-${i + 1}`));
  expect(result.messages[0].carriedBy).toBe('server-one');
  for (const message of result.messages.slice(1)) expect(['server-two', 'server-three']).toContain(message.carriedBy);
}

describe.each(['podman', 'docker'] as const)('npm run walkthrough -- --auto on %s', (engine) => {
  afterEach(() => {
    expect(leftoversOn(engine)).toEqual({ containers: [], networks: [] });
  });

  it("should play the article's commands and reach its verdict", () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-walkthrough-'));
    const run = runTsx(WALKTHROUGH, ['--auto', '--engine', engine, '--json', join(dir, 'result.json')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`$ ${engine} exec article_client ./senddummy.sh`);
    expect(run.stdout).toContain(`$ ${engine} stop article_server1`);
    expect(run.stdout).toMatch(/mail 1 of 7: carried by server-one, as the article says: server one/);
    expect(run.stdout).toMatch(/mail 7 of 7: carried by server-(two|three), as the article says: two or three/);
    expectTheArticlesVerdict(JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')));
  });
});

describe('npm run walkthrough, with a person typing in a second terminal', () => {
  afterEach(() => {
    expect(leftoversOn('podman')).toEqual({ containers: [], networks: [] });
  });

  /** Types what the walkthrough printed into a real terminal (a pty from `script`), as a reader would. */
  function typeInTerminal(shellCommand: string, lines: string[]): void {
    execFileSync('script', ['-qec', shellCommand, '/dev/null'], { input: lines.map((line) => `${line}\n`).join(''), timeout: 60_000 });
  }

  it('should notice each command the reader types and reach the same verdict', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-walkthrough-'));
    const walkthrough = new LiveCli(WALKTHROUGH, ['--engine', 'podman', '--reader-timeout', '120', '--json', join(dir, 'result.json')]);
    const typeWhatIsAsked = async (from: number) => {
      const asked = await walkthrough.waitFor(/\$ (podman exec -it article_client \/bin\/bash)\n((?: {2}root@client # .*\n)+)/, 120_000, from);
      const typed = asked[2].trim().split('\n').map((line) => line.replace(/^\s*root@client # /, ''));
      typeInTerminal(asked[1], typed);
      return typed;
    };
    expect(await typeWhatIsAsked(0)).toEqual(['./senddummy.sh', 'exit']);
    await walkthrough.waitFor(/mail 1 of 7: carried by server-one, as the article says/);
    const stop = await walkthrough.waitFor(/\$ (podman stop article_server1)\n/);
    execFileSync('sh', ['-c', stop[1]]);
    const stopped = await walkthrough.waitFor(/article_server1 is stopped/);
    expect(await typeWhatIsAsked(stopped.index! + stopped[0].length)).toEqual([...Array(6).fill('./senddummy.sh'), 'exit']);
    expect(await walkthrough.exit()).toBe(0);
    expectTheArticlesVerdict(JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')));
  });
});
