import { z } from 'zod';
import { stepSchema } from './step-registry';
import { clientKinds } from '../mta/registry';
import { isClientChoice } from '../mta/client-choice';
import { CLIENT_TIMINGS } from '../model/client-clock';
import { CLIENT_SUBMISSIONS } from '../model/client-submission';
import { serverSchema } from '../servers/server-registry';
import { hostNumber, mainCf, serverName } from '../servers/server-fields';

// A lookup table beside main.cf; never main.cf or master.cf themselves, nor a name like "..".
const clientFile = z.string().regex(/^\/etc\/postfix\/(?!\.)(?!main\.cf$)(?!master\.cf$)[A-Za-z0-9_.-]+$/, 'must be a lookup table directly in /etc/postfix (not main.cf, master.cf or a dot name)');

// A name, or {{server}} for a server's address (a fallback that needs no DNS): never an address as
// written, which could lie outside the run's network.
const relayHost = z.strictObject({
  host: z.string()
    .regex(/^([A-Za-z0-9.-]+|\{\{(net:)?[a-z0-9-]+\}\})$/, 'must be a host name, or {{server}} for a server\'s address')
    .refine((host) => !/^[0-9.]+$/.test(host), 'is an address: write {{server}} for a server\'s address, so that it stays in the run\'s network'),
  port: z.number().int().min(1).max(65535).optional() });
const route = z.discriminatedUnion('via', [
  z.strictObject({ via: z.literal('mx'), fallback: relayHost.optional() }),
  z.strictObject({ via: z.literal('srv'), service: z.string().regex(/^[a-z0-9-]+$/, 'must be a service name such as submission'), fallback: relayHost.optional() }),
  z.strictObject({ via: z.literal('hosts'), hosts: z.array(relayHost).min(1), order: z.enum(['in-order', 'random']), fallback: relayHost.optional() }),
]);
const clientChoice = z.strictObject({
  mta: z.string().refine((kind) => clientKinds().includes(kind), { message: `must be one of the client MTAs: ${clientKinds().join(', ')}` }),
  // Names as each MTA spells them: main.cf and Exim options in lower case, sendmail.mc defines (confTO_CONNECT) in upper.
  settings: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'is not a setting name'), z.string().regex(/^[^\r\n]*$/, 'must be one line (a newline would add a setting of its own)')),
  config: z.string().min(1).optional(),
});

// Expectations are built by functions that may carry more (a share's options): not strict.
const expectation = z.object({ description: z.string(), judge: z.custom<(...args: unknown[]) => unknown>((v) => typeof v === 'function') });

/** The shape of a scenario file's default export; semantic checks follow in validate-scenario. */
export const scenarioSchema = z.strictObject({
  name: serverName,
  description: z.string().min(1),
  source: z.string().optional(),
  domain: z.string().regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, 'must be a domain name'),
  zone: z.string().min(1),
  reverseZone: z.string().min(1).optional(),
  clientFiles: z.record(clientFile, z.string()).optional(),
  submission: z.enum(CLIENT_SUBMISSIONS).optional(),
  recipient: z.email().optional(),
  servers: z.array(serverSchema).min(1),
  route: route.optional(),
  // A client choice (exim({...})) or a bare main.cf: each checked by its own schema, for its own words.
  client: z.unknown().optional().superRefine((value, ctx) => {
    if (value === undefined) return;
    const checked = (isClientChoice(value) ? clientChoice : mainCf).safeParse(value);
    for (const issue of checked.success ? [] : checked.error.issues) {
      const message = (issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined) ?? issue.message;
      ctx.addIssue({ code: 'custom', message, path: issue.path });
    }
  }),
  steps: z.array(stepSchema).min(1),
  expect: z.array(expectation).optional(),
  settleTimeoutMs: z.number().int().min(100).max(3_600_000).optional(),
  cachingResolver: z.boolean().optional(),
  ipv6: z.boolean().optional(),
  network: z.string().regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.0\/24$/, 'must be a /24 such as 192.168.50.0/24').optional(),
  hostNumbers: z.strictObject({ dns: hostNumber, client: hostNumber, resolver: hostNumber }).optional(),
  notes: z.array(z.string()).optional(),
  documentedFailures: z.record(z.string().refine((kind) => clientKinds().includes(kind), { message: `must be one of the client MTAs: ${clientKinds().join(', ')}` }), z.string().min(1)).optional(),
  timing: z.enum(CLIENT_TIMINGS).optional(),
  // Whole: the image's entrypoint reckons with it in shell arithmetic.
  speed: z.number().int().min(1).max(1000).optional(),
});
