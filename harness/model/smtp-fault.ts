import { z } from 'zod';
import { SMTP_STAGES } from './fault-record';

/** An SMTP reply a relay can be made to give: 4xx or 5xx, one line, an optional enhanced code. */
const REPLY = /^[45]\d\d( [45]\.\d{1,3}\.\d{1,3})? [^\r\n{}]+$/;

/** A wait or a span a scenario gives, in ms at the client's clock. */
export const duration = z.number().int().min(1).max(600_000);

/**
 * How a relay misbehaves at a stage of the SMTP conversation (the greeting, its answer to
 * HELO/EHLO, MAIL FROM, RCPT TO, the DATA command, or the end of the message): answer a reply,
 * answer late, lose the message, or hang up. The smtp-fault step adds when it begins and ends.
 */
export const smtpFaultShape = {
  stage: z.enum(SMTP_STAGES),
  /** Answer this (e.g. "451 4.3.0 try later") instead of going on. */
  reply: z.string().regex(REPLY, 'must be an SMTP reply such as "451 4.3.0 try again later" (4xx or 5xx, one line, no braces)').optional(),
  /** Wait this long before answering: a delayed greeting, slow acceptance of the message. */
  delayMs: duration.optional(),
  /** At end-of-data: answer 250 and lose the message (a black hole). */
  blackHole: z.boolean().optional(),
  /** At data: close the connection while the body arrives (the node relay). */
  dropConnection: z.boolean().optional(),
};

/** An SMTP fault as a relay plays it: the stage and what goes wrong there, without its timing. */
export type SmtpFault = z.infer<z.ZodObject<typeof smtpFaultShape>>;
