import { z } from 'zod';
import { NodeRelayContainer, nodeRelayEnvironment, type StartedNodeRelayContainer } from '../containers/node-relay-container';
import type { ServerKind } from './server-kind';
import { hostName, hostNumber, serverName, smtpPort } from './server-fields';

export const nodeRelaySchema = z.strictObject({
  kind: z.literal('node-relay'),
  name: serverName,
  port: smtpPort,
  hostNumber,
  /** Pass everything to this host (port 25) instead of the recipient domain's MX, as Postfix's relayhost = [host]. */
  relayhost: hostName.optional(),
});

/**
 * A programmable relay: smtp-server receives, nodemailer forwards by MX lookup and the relay stamps
 * its own Received header, as an MTA does. For the faults Postfix has no means for (hanging up in
 * the middle of DATA); otherwise it relays like the others.
 */
export type NodeRelaySpec = z.infer<typeof nodeRelaySchema>;

export const nodeRelayKind: ServerKind<NodeRelaySpec, StartedNodeRelayContainer> = {
  kind: 'node-relay',
  title: 'a node relay',
  role: 'relay',
  schema: nodeRelaySchema,
  container: (spec, setup) => new NodeRelayContainer(setup.images.sink).withRelayHostname(setup.hostname).withListenPort(spec.port).withRelayhost(spec.relayhost),
  abilities: { playsSmtpFaults: (relay) => relay, reportsQueue: (relay) => relay },
  port: (spec) => spec.port,
  smtpFaultProblems: (step, spec) => {
    if (step.stage === 'helo') return [`the node relay (smtp-server) has no HELO hook; make ${spec.name} a Postfix relay for faults at helo`];
    if (step.stage === 'data' && !step.dropConnection) return ['the node relay answers the DATA command before its hooks run; use end-of-data for a reply or a delay after the body'];
    return [];
  },
  shape: (spec) => [spec.port, spec.relayhost ?? ''],
  compose: (spec, setup) => ({
    image: setup.images.sink,
    command: ['node', '/opt/sink/node-relay.js'],
    environment: nodeRelayEnvironment(setup.hostname, spec.port, spec.relayhost),
  }),
};
