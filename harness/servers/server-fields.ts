import { z } from 'zod';

/** A server's name is a DNS label: it becomes its host name in the zone. */
export const SERVER_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
export const serverName = z.string().regex(SERVER_NAME, 'must be a lowercase DNS label (letters, digits, hyphens)');
/** Last octet of a server's fixed address; 2-4 are the DNS, the client and a caching resolver. */
export const hostNumber = z.number().int().min(1).max(254).optional();
export const smtpPort = z.number().int().min(1).max(65535);
/** main.cf parameters, one line per value: a newline would smuggle in settings the scenario does not name. */
export const mainCf = z.record(
  z.string().regex(/^[a-z0-9_]+$/, 'is not a main.cf parameter name'),
  z.string().regex(/^[^\r\n]*$/, 'must be one line (a newline would add a setting of its own)'),
);
export const hostName = z.string().regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, 'must be a host name');
