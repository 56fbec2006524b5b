import { request } from 'node:http';
import { spawn } from 'node:child_process';
import { openSync, existsSync } from 'node:fs';
import { SetupError } from '../util/errors';
import { sleep } from '../util/wait-until';
import type { Progress } from '../util/progress';

// Ryuk's image cannot be pulled here; runs clean up after themselves by label instead.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

const DEFAULT_SOCKET = '/var/run/docker.sock';
const DOCKERD_LOG = '/var/log/mail-relay-harness-dockerd.log';

/** The engine's address: DOCKER_HOST (unix:// or tcp://) or the default socket. */
function engineAddress(): { socketPath?: string; host?: string; port?: number; label: string } {
  const dockerHost = process.env.DOCKER_HOST;
  if (!dockerHost) return { socketPath: DEFAULT_SOCKET, label: `unix://${DEFAULT_SOCKET}` };
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length), label: dockerHost };
  const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port || 2375), label: dockerHost };
}

/** True when the engine answers its /_ping endpoint. */
export function engineAnswers(timeoutMs = 1500): Promise<boolean> {
  const address = engineAddress();
  return new Promise((resolve) => {
    const ping = request({ ...address, path: '/_ping', method: 'GET', timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    ping.on('error', () => resolve(false));
    ping.on('timeout', () => {
      ping.destroy();
      resolve(false);
    });
    ping.end();
  });
}

function findDockerd(): string | undefined {
  return ['/usr/sbin/dockerd', '/usr/bin/dockerd', '/usr/local/bin/dockerd'].find((path) => existsSync(path));
}

/**
 * Makes sure a Docker-compatible engine answers. Starts dockerd when running as root with it
 * installed (engines do not survive a reboot of this kind of machine); otherwise says what to install.
 */
export async function ensureEngine(progress: Progress): Promise<void> {
  if (await engineAnswers()) return;
  const address = engineAddress();
  const dockerd = findDockerd();
  const isRoot = process.getuid?.() === 0;
  if (process.env.DOCKER_HOST || !dockerd || !isRoot) {
    throw new SetupError(
      `No container engine answers at ${address.label}: install and start Docker ` +
        `(as root on Debian: "npm run setup", or apt-get install -y docker.io && dockerd &).`,
    );
  }
  progress.info(`starting ${dockerd} (log: ${DOCKERD_LOG})`);
  const log = openSync(DOCKERD_LOG, 'a');
  spawn(dockerd, [], { detached: true, stdio: ['ignore', log, log] }).unref();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await engineAnswers()) return;
    await sleep(250);
  }
  throw new SetupError(`dockerd was started but did not answer within 30 s; see ${DOCKERD_LOG}`);
}
