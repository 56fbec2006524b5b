import { request } from 'node:http';
import { spawn } from 'node:child_process';
import { openSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SetupError } from '../util/errors';
import { sleep } from '../util/wait-until';
import type { Progress } from '../util/progress';
import { PODMAN_SOCKET, useEngine } from './engine-choice';

const DEFAULT_SOCKET = '/var/run/docker.sock';
const DOCKERD_LOG = '/var/log/mail-relay-harness-dockerd.log';
const PODMAN_LOG = '/var/log/mail-relay-harness-podman.log';
/** 4.x is the first Podman whose Docker-compatible API serves everything the harness asks of it. */
const PODMAN_MINIMUM_MAJOR = 4;

/** The engine's address: DOCKER_HOST (unix:// or tcp://) or the default socket. */
function engineAddress(): { socketPath?: string; host?: string; port?: number; label: string } {
  const dockerHost = process.env.DOCKER_HOST;
  if (!dockerHost) return { socketPath: DEFAULT_SOCKET, label: `unix://${DEFAULT_SOCKET}` };
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length), label: dockerHost };
  const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port || 2375), label: dockerHost };
}

/** Where the engine is, in words: unix:///var/run/docker.sock, or DOCKER_HOST. */
export function engineLabel(): string {
  return engineAddress().label;
}

/** GET on the engine's API; undefined when it does not answer. */
function engineGet(path: string, timeoutMs = 1500): Promise<{ status: number; body: string } | undefined> {
  const address = engineAddress();
  return new Promise((resolve) => {
    const call = request({ ...address, path, method: 'GET', timeout: timeoutMs }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    call.on('error', () => resolve(undefined));
    call.on('timeout', () => {
      call.destroy();
      resolve(undefined);
    });
    call.end();
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** True when the engine answers its /_ping endpoint. */
export async function engineAnswers(timeoutMs = 5000): Promise<boolean> {
  return (await engineGet('/_ping', timeoutMs))?.status === 200;
}

async function waitForEngine(what: string, log: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await engineAnswers()) return;
    await sleep(250);
  }
  throw new SetupError(`${what} was started but did not answer within 30 s; see ${log}`);
}

/** Where an installed program is, among the places Debian and Ubuntu put them. */
export function findProgram(name: string): string | undefined {
  return ['/usr/bin', '/usr/sbin', '/usr/local/bin'].map((dir) => `${dir}/${name}`).find((path) => existsSync(path));
}

/**
 * Makes sure the chosen engine answers (Docker by default, Podman with --engine podman). Starts
 * dockerd or `podman system service` when running as root with it installed (engines do not
 * survive a reboot of this kind of machine); otherwise says what to install.
 */
export async function ensureEngine(progress: Progress): Promise<void> {
  // Ryuk's image cannot be pulled here; runs clean up after themselves by label instead. Set by a
  // run, not on import: importing the package changes no environment variable.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  const engine = useEngine(process.env.HARNESS_ENGINE ?? 'docker');
  if (engine === 'podman') return ensurePodman(progress);
  if (await engineAnswers()) return;
  const address = engineAddress();
  const dockerd = findProgram('dockerd');
  const isRoot = process.getuid?.() === 0;
  if (process.env.DOCKER_HOST || !dockerd || !isRoot) {
    throw new SetupError(
      `No container engine answers at ${address.label}: install and start Docker ` +
        `(as root on Debian: "npm run setup", or apt-get install -y docker.io && dockerd &).`,
    );
  }
  progress.info(`starting ${dockerd} (log: ${DOCKERD_LOG})`);
  const log = openSync(DOCKERD_LOG, 'a');
  // From /: a daemon outlives the folder it was started in, which may be a clone later deleted.
  spawn(dockerd, [], { cwd: '/', detached: true, stdio: ['ignore', log, log] }).unref();
  await waitForEngine('dockerd', DOCKERD_LOG);
}

/** Rootful Podman through its Docker-compatible socket, started here when installed but not running. */
async function ensurePodman(progress: Progress): Promise<void> {
  const setup = 'run "bash scripts/setup.sh --engine podman" as root';
  if (!(await engineAnswers())) {
    const podman = findProgram('podman');
    const address = engineAddress();
    if (!podman) throw new SetupError(`Podman is not installed: ${setup} (installs Podman 4, podman-compose and the limits it needs).`);
    if (address.socketPath !== PODMAN_SOCKET || process.getuid?.() !== 0) {
      throw new SetupError(`Podman does not answer at ${address.label}: start it as root with "podman system service -t 0 unix://${PODMAN_SOCKET}", or ${setup}.`);
    }
    progress.info(`starting podman system service on ${address.label} (log: ${PODMAN_LOG})`);
    mkdirSync(dirname(PODMAN_SOCKET), { recursive: true });
    const log = openSync(PODMAN_LOG, 'a');
    // conmon fails every start ("Failed to get working directory") once the service's folder is gone.
    spawn(podman, ['system', 'service', '-t', '0', `unix://${PODMAN_SOCKET}`], { cwd: '/', detached: true, stdio: ['ignore', log, log] }).unref();
    await waitForEngine('podman system service', PODMAN_LOG);
  }
  // Podman's /version asks the host about itself and can take seconds while the service is busy
  // (removing the last run's containers): waited for, not mistaken for another engine.
  const version = await engineGet('/version', 20_000);
  if (!version) throw new SetupError(`the engine at ${engineAddress().label} answered /_ping but not /version within 20 s; is the Podman service overloaded? (log: ${PODMAN_LOG})`);
  const parsed = parseJson(version.body) as { Version?: string; Components?: { Name: string }[] } | undefined;
  if (!parsed?.Components?.some((component) => /podman/i.test(component.Name))) {
    throw new SetupError(`--engine podman, but the engine at ${engineAddress().label} is not Podman: point DOCKER_HOST at Podman's socket or use --engine docker.`);
  }
  const major = Number(parsed.Version?.split('.')[0]);
  if (!(major >= PODMAN_MINIMUM_MAJOR)) {
    throw new SetupError(`Podman ${parsed.Version} is too old: the harness needs Podman ${PODMAN_MINIMUM_MAJOR}.0 or later (Debian bookworm's 4.3 works).`);
  }
}
