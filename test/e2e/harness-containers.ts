import { execFileSync } from 'node:child_process';
import { getContainerRuntimeClient } from 'testcontainers';
import { HARNESS_LABEL, RUN_LABEL } from '../../harness/topology/run-labels';

/** Containers and networks that carry the harness label right now. */
export function harnessLeftovers(): Promise<{ containers: string[]; networks: string[] }> {
  return labelled(HARNESS_LABEL);
}

/** What one run left behind, while other runs may be going on. */
export function runLeftovers(runId: string | undefined): Promise<{ containers: string[]; networks: string[] }> {
  return labelled(`${RUN_LABEL}=${runId}`);
}

async function labelled(label: string): Promise<{ containers: string[]; networks: string[] }> {
  const { dockerode } = (await getContainerRuntimeClient()).container;
  const filters = JSON.stringify({ label: [label] });
  const containers = await dockerode.listContainers({ all: true, filters });
  const networks = await dockerode.listNetworks({ filters });
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
