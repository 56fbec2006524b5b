import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, runCli } from './cli-runner';
import { leftoversOn } from './harness-containers';

// The harness on rootful Podman (what the article's readers have), through the CLI as a user runs it.
// `bash scripts/setup.sh --engine both` installs and starts Podman for this suite.
const onPodman = (...args: string[]) => runCli(...args, '--engine', 'podman');
const resultOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));

describe('the harness on Podman', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'harness-podman-'));
  });
  afterEach(() => {
    expect(leftoversOn('podman')).toEqual({ containers: [], networks: [] });
  });

  it('should pass the failover scenario', () => {
    const run = onPodman('failover', '--json', join(dir, 'result.json'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/network 10\.214\.\d+\.0\/24/);
    const result = resultOf(dir);
    expect(result.passed).toBe(true);
    expect(result.messages.map((m: { carriedBy: string }) => m.carriedBy)).toEqual([
      'server-one', ...Array(6).fill(expect.stringMatching(/^server-(two|three)$/)),
    ]);
  });

  it('should pass a distribution scenario (SRV weights 1/1, 400 messages)', () => {
    const run = onPodman('srv-weights-1-1', '--json', join(dir, 'result.json'));
    expect(run.status).toBe(0);
    expect(resultOf(dir).messages).toHaveLength(400);
  });

  it('should pass on a dual-stack network: the dead AAAA tried over IPv6, the A record serving', () => {
    const run = onPodman('mx-aaaa-dead', '--json', join(dir, 'result.json'));
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const result = resultOf(dir);
    // Podman's own ULA /64 beside the /24, not Docker's.
    expect(result.topology.zone).toMatch(/IN AAAA fd6d:7268:e:[0-9a-f]+::11/);
    const tries = result.messages.flatMap((m: { attempts: { address: string; result: string }[] }) => m.attempts);
    expect(tries.filter((a: { address: string }) => a.address.includes(':')).length).toBeGreaterThan(0);
    expect(tries.filter((a: { address: string }) => a.address.includes(':')).every((a: { result: string }) => a.result === 'timed out')).toBe(true);
  });

  it('should FAIL the negative twin of failover (static relayhost) with exit 1', () => {
    const run = onPodman(fixture('failover-static-relayhost'), '--json', join(dir, 'result.json'));
    expect(run.status).toBe(1);
    const result = resultOf(dir);
    expect(result.messages.slice(1).map((m: { status: string }) => m.status)).toEqual(Array(6).fill('queued'));
  });

  it('should exit 2 with one line for bad input, starting nothing', () => {
    const run = onPodman(fixture('bad-step'));
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/step 4 \(stop\) names unknown server "server-five"/)]);
  });
});
