import { execFileSync } from 'node:child_process';
import { getContainerRuntimeClient } from 'testcontainers';
import { HARNESS_LABEL, KEPT_LABEL, RUN_LABEL } from '../../harness/topology/run-labels';

/** Containers and networks that carry the harness label right now (besides those a pool keeps, when asked). */
export async function harnessLeftovers(options: { besidesKept?: boolean } = {}): Promise<{ containers: string[]; networks: string[] }> {
  return labelled(HARNESS_LABEL, options.besidesKept);
}

/** What one run left behind, while other runs may be going on. */
export function runLeftovers(runId: string | undefined, options: { besidesKept?: boolean } = {}): Promise<{ containers: string[]; networks: string[] }> {
  return labelled(`${RUN_LABEL}=${runId}`, options.besidesKept);
}

async function labelled(label: string, besidesKept = false): Promise<{ containers: string[]; networks: string[] }> {
  const { dockerode } = (await getContainerRuntimeClient()).container;
  const filters = JSON.stringify({ label: [label] });
  const unkept = (labels?: Record<string, string>) => !besidesKept || labels?.[KEPT_LABEL] !== 'true';
  const containers = (await dockerode.listContainers({ all: true, filters })).filter((c) => unkept(c.Labels));
  const networks = (await dockerode.listNetworks({ filters })).filter((n) => unkept(n.Labels));
  return { containers: containers.map((c) => c.Names.join(',')), networks: networks.map((n) => n.Name) };
}

/** The same, asked of an engine's own command line (`podman ps`), whichever engine this process uses. */
export function leftoversOn(cli: 'docker' | 'podman'): { containers: string[]; networks: string[] } {
  const list = (...args: string[]) =>
    execFileSync(cli, args, { encoding: 'utf8' }).split('\n').map((line) => line.trim()).filter(Boolean);
  return {
    containers: list('ps', '-a', '--filter', `label=${HARNESS_LABEL}`, '--format', '{{.Names}}'),
    networks: list('network', 'ls', '--filter', `label=${HARNESS_LABEL}`, '--format', '{{.Name}}'),
  };
}
