import { z } from 'zod';
import { SinkContainer, sinkEnvironment, type StartedSinkContainer } from '../containers/sink-container';
import type { ServerKind } from './server-kind';
import { hostNumber, serverName } from './server-fields';

export const sinkSchema = z.strictObject({ kind: z.literal('sink'), name: serverName, hostNumber });

/** The final destination that records every message (the article's server-four). */
export type SinkSpec = z.infer<typeof sinkSchema>;

export const sinkKind: ServerKind<SinkSpec, StartedSinkContainer> = {
  kind: 'sink',
  title: 'the sink',
  role: 'sink',
  schema: sinkSchema,
  container: (_spec, setup) => new SinkContainer(setup.images.sink).withSinkHostname(setup.hostname),
  abilities: { receivesMail: (sink) => sink },
  port: () => 25,
  smtpFaultProblems: (_step, spec) => [`SMTP faults are played by relays; ${spec.name} is the sink`],
  compose: (_spec, setup) => ({ image: setup.images.sink, environment: sinkEnvironment(setup.hostname) }),
};
