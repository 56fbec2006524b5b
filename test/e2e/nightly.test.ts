import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, Browser } from 'playwright-core';
import { fixture, runTsx } from './cli-runner';
import { harnessLeftovers } from './harness-containers';
import type { NightlyResults } from '../../harness/nightly/nightly-results';

// `npm run nightly` on a small slice of the catalog: one passing night, one failing night compared
// with it, their merge; then the reports as a person sees them, in a real browser.
const NIGHTLY = 'harness/nightly/nightly-cli.ts';
const SCREENSHOTS = resolve(__dirname, '../../artifacts/report-screenshots');
const results = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as NightlyResults;

describe('npm run nightly', () => {
  const root = mkdtempSync(join(tmpdir(), 'harness-nightly-'));
  const passing = join(root, 'passing');
  const failing = join(root, 'failing');
  const merged = join(root, 'merged');
  let passingRun: ReturnType<typeof runTsx>;
  let failingRun: ReturnType<typeof runTsx>;

  beforeAll(() => {
    passingRun = runTsx(NIGHTLY, ['--only', 'failover', '--out', passing]);
    failingRun = runTsx(NIGHTLY, ['--only', `${fixture('failover-static-relayhost')},srv-weights-1-1`, '--out', failing, '--baseline', join(passing, 'results.json')]);
  });

  afterAll(async () => {
    expect(await harnessLeftovers()).toEqual({ containers: [], networks: [] });
  });

  it('should exit 0 for a passing night and 1 for a failing one, writing all three files', () => {
    expect(passingRun.status).toBe(0);
    expect(failingRun.status).toBe(1);
    for (const dir of [passing, failing]) {
      for (const file of ['results.json', 'junit.xml', 'report.html']) expect(existsSync(join(dir, file))).toBe(true);
    }
    expect(failingRun.stdout).toMatch(/1 of 2 scenarios passed; FAILED: failover-static-relayhost/);
  });

  it('should record the versions the images run, asked of the images', () => {
    const { versions } = results(passing);
    expect(versions.postfix).toMatch(/^3\.\d+\.\d+$/);
    expect(versions.bind).toMatch(/^BIND 9\.\d+/);
    expect(versions.suite).toBe('trixie');
  });

  it('should write junit with one case per expectation and the harness sentence in each failure', () => {
    const xml = readFileSync(join(failing, 'junit.xml'), 'utf8');
    const expectations = results(failing).scenarios.flatMap((s) => s.expectations);
    expect(xml.match(/<testcase /g)).toHaveLength(expectations.length);
    expect(xml).toMatch(/<failure message="every message is delivered exactly once">failover-static-relayhost-2 is still queued at the client/);
  });

  it('should say what changed since the baseline at the top of the report', () => {
    const html = readFileSync(join(failing, 'report.html'), 'utf8');
    const changes = html.slice(html.indexOf('Changed since last run'), html.indexOf('class="summary"'));
    expect(changes).toContain('failover-static-relayhost</a>: new scenario, FAILED');
    expect(changes).toContain('failover</a>: not run tonight');
    expect(failingRun.stdout).toMatch(/\d+ changes? since the baseline/);
  });

  it('should merge shards into one night', () => {
    const run = runTsx(NIGHTLY, ['--merge', passing, failing, '--out', merged]);
    expect(run.status).toBe(1);
    expect(results(merged).scenarios.map((s) => s.scenario)).toEqual(['failover', 'failover-static-relayhost', 'srv-weights-1-1']);
  });

  it.each([
    [['--shard', '5/4'], /--shard must be i\/n with 1 ≤ i ≤ n, such as 2\/4, not "5\/4"/],
    [['--only', 'no-such-scenario'], /no scenario "no-such-scenario"/],
    [['--merge', '/nonexistent'], /no results file at \/nonexistent\/results.json/],
  ])('should exit 2 with one line for bad input %p, starting nothing', (args, message) => {
    const run = runTsx(NIGHTLY, [...args, '--out', join(root, 'bad')]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
  });

  describe('report.html in headless Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      });
    });
    afterAll(() => browser?.close());

    it.each([['passing', () => passing], ['failing', () => failing]])('should show the %s night as a person needs to see it', async (label, dir) => {
      const night = results(dir());
      const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
      const problems: string[] = [];
      page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('request', (request) => !request.url().startsWith('file:') && problems.push(`request to ${request.url()}`));
      await page.goto(`file://${join(dir(), 'report.html')}`);

      const sections = page.locator('section.scenario');
      expect(await sections.count()).toBe(night.scenarios.length);
      const first = night.scenarios.find((s) => !s.passed) ?? night.scenarios[0];
      expect(await sections.first().getAttribute('id')).toBe(`scenario-${first.scenario}`);
      const firstBorder = await sections.first().evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { borderLeftColor: string } }).getComputedStyle(el).borderLeftColor);
      expect(firstBorder).toBe(first.passed ? 'rgb(44, 160, 44)' : 'rgb(214, 39, 40)');
      expect(await page.locator('h1').innerText()).toMatch(first.passed ? /^PASS/ : /^FAIL/);

      for (const scenario of night.scenarios) {
        const section = page.locator(`#scenario-${scenario.scenario}`);
        // The timeline shows every message, each a visible mark.
        const marks = section.locator('svg.timeline circle.message');
        expect(await marks.count()).toBe(scenario.messages.length);
        const box = await marks.first().boundingBox();
        expect(box && box.width > 0 && box.height > 0).toBe(true);
        // Every chart has drawn bars of some height.
        const charts = section.locator('svg.distribution');
        for (let i = 0; i < (await charts.count()); i++) {
          const heights = await charts.nth(i).locator('rect.bar').evaluateAll((bars) => bars.map((bar) => bar.getBoundingClientRect().height));
          expect(heights.length).toBeGreaterThan(0);
          expect(heights.every((height) => height > 0)).toBe(true);
        }
      }
      expect(await page.locator('svg.distribution').count()).toBe(night.scenarios.filter((s) => s.expectations.some((e) => e.distribution)).length);
      await page.screenshot({ path: join(SCREENSHOTS, `${label}-night.png`), fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    });
  });
});
