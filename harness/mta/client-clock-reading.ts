import { ClientClock } from '../model/client-clock';
import type { ClientLog } from '../model/mail-records';
import type { StartedClientMta } from './client-mta';

/** Where the image's entrypoint writes the real time (epoch ms) at which the client's clock began. */
const ORIGIN_FILE = '/run/client-clock-origin';

/** The started client's clock: its speed, and its origin as its entrypoint wrote it down. */
export async function clockOfClient(client: Pick<StartedClientMta, 'exec'>, clock: ClientClock): Promise<ClientClock> {
  if (!clock.scaled) return clock;
  const speed = clock.speed;
  const read = await client.exec(['cat', ORIGIN_FILE]);
  const origin = Number(read.stdout.trim());
  if (read.exitCode !== 0 || !Number.isFinite(origin) || origin <= 0) {
    throw new Error(`the client runs at ${speed}× but its clock's start is not recorded in ${ORIGIN_FILE} (${read.stderr.trim() || read.stdout.trim() || 'empty'}): is its image older than the clock?`);
  }
  return clock.from(origin);
}

/** A client's log, its stamps (the client's clock) read as real time like every other record of the run. */
export function inRealTime(log: ClientLog, clock: ClientClock): ClientLog {
  if (!clock.scaled) return log;
  const real = (at: string) => {
    const parsed = Date.parse(at);
    return Number.isNaN(parsed) ? at : new Date(clock.realTimeOf(parsed)).toISOString();
  };
  return {
    deliveries: log.deliveries,
    attempts: new Map([...log.attempts].map(([id, attempts]) => [id, attempts.map((attempt) => ({ ...attempt, at: real(attempt.at) }))])),
    ...(log.connections ? { connections: log.connections.map((connection) => ({ ...connection, at: real(connection.at) })) } : {}),
  };
}
