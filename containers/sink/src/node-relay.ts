// The node relay: a programmable relay for the faults Postfix has no means for. smtp-server
// receives, nodemailer forwards to the recipient domain's MX (lowest preference first) or to its
// relayhost, and the relay stamps its own Received header as an MTA does. Faults are set over
// HTTP while mail flows.
import { createServer as createHttpServer } from 'node:http';
import { promises as dns } from 'node:dns';
import { SMTPServer, SMTPServerSession } from 'smtp-server';
import { createTransport } from 'nodemailer';
import type { RelayFault, RelayQueueEntry } from './relay-api';
import { plainSmtp } from './plain-smtp';

const hostname = process.env.RELAY_HOSTNAME ?? 'relay.invalid';
const smtpPort = Number(process.env.SMTP_PORT ?? 25);
// Like Postfix's relayhost = [host]: every message to this host, without an MX lookup.
const relayhost = process.env.RELAYHOST || undefined;
const httpPort = Number(process.env.HTTP_PORT ?? 8025);
// A deferred message is tried again this often: short, as the harness's Postfix timings are.
const RETRY_MS = 1000;

interface Queued {
  id: string;
  harnessId: string | null;
  from: string;
  to: string[];
  raw: Buffer;
  reason?: string;
}

const faults = new Map<RelayFault['stage'], RelayFault>();
const queue = new Map<string, Queued>();
let seq = 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An error smtp-server answers with the fault's own reply ("451 4.3.0 text"). */
function replyError(reply: string): Error {
  const [, code, text] = /^(\d{3}) (.*)$/.exec(reply) ?? [, '451', reply];
  return Object.assign(new Error(text), { responseCode: Number(code) });
}

/** Plays the fault set for a stage (a delay, then a reply), or lets the conversation go on. */
async function atStage(stage: RelayFault['stage'], callback: (error?: Error | null) => void): Promise<void> {
  const fault = faults.get(stage);
  if (fault?.delayMs) await sleep(fault.delayMs);
  callback(fault?.reply ? replyError(fault.reply) : null);
}

function harnessIdOf(raw: Buffer): string | null {
  const head = raw.subarray(0, raw.indexOf('\r\n\r\n') + 1 || raw.length).toString('utf8');
  return /^X-Harness-Id:\s*(\S+)/im.exec(head)?.[1] ?? null;
}

// Written the way Postfix writes it, so that the sink's attribution reads it the same way.
async function received(session: SMTPServerSession, id: string, rcpt: string): Promise<string> {
  const reverse = await dns.reverse(session.remoteAddress).then((names) => names[0], () => 'unknown');
  return `Received: from ${session.hostNameAppearsAs ?? 'unknown'} (${reverse} [${session.remoteAddress}])\r\n` +
    `\tby ${hostname} (harness-node-relay) with ${session.transmissionType ?? 'ESMTP'} id ${id}\r\n` +
    `\tfor <${rcpt}>; ${new Date().toUTCString()}\r\n`;
}

/** The recipient domain's mail exchangers, lowest preference first; the domain itself when it has none. */
async function nextHops(domain: string): Promise<string[]> {
  const exchangers = await dns.resolveMx(domain).catch(() => []);
  return exchangers.length ? exchangers.sort((a, b) => a.priority - b.priority).map((mx) => mx.exchange) : [domain];
}

async function forward(message: Queued): Promise<void> {
  // Dropped by DELETE /queue (a reset): no more tries.
  if (queue.get(message.id) !== message) return;
  const domain = message.to[0].split('@')[1] ?? '';
  for (const host of relayhost ? [relayhost] : await nextHops(domain)) {
    const transport = createTransport({ host, port: 25, name: hostname, ignoreTLS: true, connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 10_000 });
    try {
      await transport.sendMail({ envelope: { from: message.from, to: message.to }, raw: message.raw });
      queue.delete(message.id);
      console.log(`${message.id}: ${message.harnessId ?? 'mail'} relayed to ${host}`);
      return;
    } catch (error) {
      message.reason = `${host}: ${(error as Error).message}`;
    } finally {
      transport.close();
    }
  }
  console.log(`${message.id}: deferred (${message.reason})`);
  setTimeout(() => void forward(message), RETRY_MS);
}

const smtp: SMTPServer = new SMTPServer({
  ...plainSmtp(hostname, 'harness node relay'),
  onConnect: (_session, callback) => void atStage('greeting', callback),
  onMailFrom: (_address, _session, callback) => void atStage('mail', callback),
  onRcptTo: (_address, _session, callback) => void atStage('rcpt', callback),
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    let hungUp = false;
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (hungUp || !faults.get('data')?.dropConnection) return;
      // The fault: the connection goes away while the body arrives, before any reply.
      hungUp = true;
      console.log(`hanging up on ${session.remoteAddress} in the middle of DATA`);
      [...smtp.connections].find((connection) => connection.id === session.id)?.close();
    });
    stream.on('error', callback);
    stream.on('end', async () => {
      if (hungUp) return;
      const fault = faults.get('end-of-data');
      if (fault?.delayMs) await sleep(fault.delayMs);
      if (fault?.reply) return callback(replyError(fault.reply));
      const id = `N${++seq}`;
      const raw = Buffer.concat(chunks);
      const message: Queued = {
        id,
        harnessId: harnessIdOf(raw),
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        raw: Buffer.concat([Buffer.from(await received(session, id, session.envelope.rcptTo[0]?.address ?? '')), raw]),
      };
      if (fault?.blackHole) {
        console.log(`${id}: ${message.harnessId ?? 'mail'} accepted and lost (black hole)`);
        return callback(null, `Ok: queued as ${id}`);
      }
      queue.set(id, message);
      callback(null, `Ok: queued as ${id}`);
      void forward(message);
    });
  },
});
smtp.on('error', (error) => console.error(`node relay smtp error: ${error.message}`));

const http = createHttpServer((request, response) => {
  const reply = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const path = new URL(request.url ?? '/', 'http://relay').pathname;
  if (path === '/healthz') return reply(200, { ok: true });
  if (path === '/queue' && request.method === 'GET') {
    const entries: RelayQueueEntry[] = [...queue.values()].map((m) => ({ queueId: m.id, harnessId: m.harnessId, recipients: m.to, reason: m.reason }));
    return reply(200, entries);
  }
  if (path === '/queue' && request.method === 'DELETE') {
    // A reset for the next run: what this relay held goes, as a fresh start's queue would be empty.
    const dropped = queue.size;
    queue.clear();
    console.log(`queue emptied (${dropped} dropped)`);
    return reply(200, { dropped });
  }
  if (path === '/faults' && request.method === 'DELETE') {
    faults.clear();
    return reply(200, { ok: true });
  }
  if (path === '/faults' && request.method === 'POST') {
    const body: Buffer[] = [];
    request.on('data', (chunk: Buffer) => body.push(chunk));
    request.on('end', () => {
      const fault = JSON.parse(Buffer.concat(body).toString('utf8')) as RelayFault;
      faults.set(fault.stage, fault);
      console.log(`fault at ${fault.stage}: ${JSON.stringify(fault)}`);
      reply(200, { ok: true });
    });
    return;
  }
  return reply(404, { error: `no route ${request.method} ${request.url}` });
});

smtp.listen(smtpPort, () => {
  http.listen(httpPort, () => console.log(`node relay listening smtp=${smtpPort} http=${httpPort} as ${hostname}`));
});
