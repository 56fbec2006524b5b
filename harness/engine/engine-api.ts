import { getContainerRuntimeClient, type ContainerRuntimeClient } from 'testcontainers';

/**
 * The one way into the container engine: testcontainers' client, which it makes once per process
 * from DOCKER_HOST (set by useEngine before the first call), and the engine's own API behind it.
 * No other module asks testcontainers for it (the layering test checks).
 */
export const engineClient = (): Promise<ContainerRuntimeClient> => getContainerRuntimeClient();

/** The engine's own API (networks, listings, inspect), through the same client. */
export type EngineApi = ContainerRuntimeClient['container']['dockerode'];
export const engineApi = async (): Promise<EngineApi> => (await engineClient()).container.dockerode;
