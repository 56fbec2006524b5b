import { ScenarioInputError } from '../util/errors';

/** The container engines the harness drives: Docker, or rootful Podman through its Docker-compatible API. */
export type EngineKind = 'docker' | 'podman';
export const ENGINE_KINDS: readonly EngineKind[] = ['docker', 'podman'];

/** Where rootful `podman system service` listens (as Podman's own systemd socket unit does). */
export const PODMAN_SOCKET = '/run/podman/podman.sock';

/** The engine chosen by --engine or HARNESS_ENGINE; Docker by default. */
export function selectedEngine(): EngineKind {
  const value = process.env.HARNESS_ENGINE ?? 'docker';
  if (!(ENGINE_KINDS as readonly string[]).includes(value)) {
    throw new ScenarioInputError(`HARNESS_ENGINE / --engine must be docker or podman, not "${value}"`);
  }
  return value as EngineKind;
}

/**
 * Chooses the engine for this process. Must run before the first engine call: testcontainers
 * reads DOCKER_HOST once. An explicit DOCKER_HOST is respected.
 */
export function useEngine(kind: string): EngineKind {
  process.env.HARNESS_ENGINE = kind;
  const engine = selectedEngine();
  if (engine === 'podman') process.env.DOCKER_HOST ??= `unix://${PODMAN_SOCKET}`;
  return engine;
}

/** The command-line program of the chosen engine (build, import, run), `docker` or `podman`. */
export function engineCli(): EngineKind {
  return selectedEngine();
}

/**
 * Podman refuses to start a container whose default rlimits exceed the machine's hard limits
 * ("error setting rlimit type 7"); these fit within this kind of machine's.
 */
export const PODMAN_ULIMITS = { nofile: { soft: 1024, hard: 1024 }, nproc: { soft: 1024, hard: 1024 } };

/** `run` flags the chosen engine needs for any container. */
export function engineRunFlags(): string[] {
  if (selectedEngine() !== 'podman') return [];
  return Object.entries(PODMAN_ULIMITS).flatMap(([name, { soft, hard }]) => ['--ulimit', `${name}=${soft}:${hard}`]);
}
