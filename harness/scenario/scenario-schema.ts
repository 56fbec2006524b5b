import { z } from 'zod';
import { stepSchema } from './step-registry';

const label = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const serverName = z.string().regex(label, 'must be a lowercase DNS label (letters, digits, hyphens)');
const hostNumber = z.number().int().min(5).max(254).optional();
// One line per value: a newline would smuggle in settings the scenario does not name.
const mainCf = z.record(
  z.string().regex(/^[a-z0-9_]+$/, 'is not a main.cf parameter name'),
  z.string().regex(/^[^\r\n]*$/, 'must be one line (a newline would add a setting of its own)'),
);
// A lookup table beside main.cf; never main.cf or master.cf themselves, nor a name like "..".
const clientFile = z.string().regex(/^\/etc\/postfix\/(?!\.)(?!main\.cf$)(?!master\.cf$)[A-Za-z0-9_.-]+$/, 'must be a lookup table directly in /etc/postfix (not main.cf, master.cf or a dot name)');

const server = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('postfix-relay'), name: serverName, port: z.number().int().min(1).max(65535), mainCf, hostNumber }),
  z.object({
    kind: z.literal('node-relay'),
    name: serverName,
    port: z.number().int().min(1).max(65535),
    hostNumber,
    relayhost: z.string().regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, 'must be a host name').optional(),
  }),
  z.object({ kind: z.literal('sink'), name: serverName, hostNumber }),
]);


const expectation = z.object({ description: z.string(), judge: z.custom<(...args: unknown[]) => unknown>((v) => typeof v === 'function') });

/** The shape of a scenario file's default export; semantic checks follow in validate-scenario. */
export const scenarioSchema = z.object({
  name: serverName,
  description: z.string().min(1),
  source: z.string().optional(),
  domain: z.string().regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, 'must be a domain name'),
  zone: z.string().min(1),
  reverseZone: z.string().min(1).optional(),
  clientFiles: z.record(clientFile, z.string()).optional(),
  recipient: z.email().optional(),
  servers: z.array(server).min(1),
  client: mainCf,
  steps: z.array(stepSchema).min(1),
  expect: z.array(expectation).optional(),
  settleTimeoutMs: z.number().int().min(100).max(3_600_000).optional(),
  cachingResolver: z.boolean().optional(),
});
