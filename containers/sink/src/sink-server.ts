// The sink: the final destination of every scenario's mail. It accepts everything,
// stamps the hop into itself as a Received header (smtp-server adds none), and keeps
// each message with its headers and the peer address it saw, for the harness to read.
import { createServer as createHttpServer } from 'node:http';
import { appendFileSync, existsSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { promises as dns } from 'node:dns';
import { dirname } from 'node:path';
import { SMTPServer, SMTPServerSession } from 'smtp-server';
import { simpleParser, ParsedMail } from 'mailparser';
import type { ReverseDns, StoredMessage } from './stored-message';
import { plainSmtp } from './plain-smtp';

const hostname = process.env.SINK_HOSTNAME ?? 'sink.invalid';
const smtpPort = Number(process.env.SMTP_PORT ?? 25);
const httpPort = Number(process.env.HTTP_PORT ?? 8025);
// Kept on disk too, so that a sink stopped and started by a scenario still reports what it had.
const storePath = process.env.STORE_PATH ?? '/var/lib/sink/messages.jsonl';
mkdirSync(dirname(storePath), { recursive: true });
const stored: StoredMessage[] = existsSync(storePath)
  ? readFileSync(storePath, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as StoredMessage)
  : [];
const reverseCache = new Map<string, Promise<ReverseDns>>();
// c-ares keeps answers for their TTL: a reset starts a new resolver, and so an empty cache.
let resolver = new dns.Resolver();
let seq = stored.length;

function store(message: StoredMessage): void {
  stored.push(message);
  appendFileSync(storePath, JSON.stringify(message) + '\n');
}

// Forward-confirmed reverse DNS, asked of the scenario's BIND (the container's only resolver).
function checkReverseDns(address: string): Promise<ReverseDns> {
  let pending = reverseCache.get(address);
  if (!pending) {
    pending = (async () => {
      try {
        const ptr = await resolver.reverse(address);
        const forward = await Promise.all(ptr.map((name) => resolver.resolve4(name).catch(() => [] as string[])));
        return { ptr, forwardConfirmed: forward.some((addresses) => addresses.includes(address)) };
      } catch (error) {
        return { ptr: [], forwardConfirmed: false, error: (error as NodeJS.ErrnoException).code ?? String(error) };
      }
    })();
    reverseCache.set(address, pending);
  }
  return pending;
}

function headerText(mail: ParsedMail, name: string): string | null {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : String(value);
}

function receivedHeaders(mail: ParsedMail): string[] {
  return mail.headerLines
    .filter((line) => line.key === 'received')
    .map((line) => line.line.replace(/^received:\s*/i, '').replace(/\r?\n[ \t]+/g, ' ').trim());
}

// A delivery status notification carries the original's headers; report which message bounced.
async function originalOfBounce(mail: ParsedMail): Promise<string | null> {
  const part = mail.attachments.find(
    (attachment) => attachment.contentType === 'text/rfc822-headers' || attachment.contentType === 'message/rfc822',
  );
  if (!part) return null;
  const original = await simpleParser(part.content);
  return original.messageId ?? null;
}

// Written the way Postfix writes it: HELO name, then (reverse name [address]).
function sinkReceived(session: SMTPServerSession, reverse: ReverseDns, id: string): string {
  const helo = session.hostNameAppearsAs ?? 'unknown';
  const reverseName = reverse.forwardConfirmed ? reverse.ptr[0] : 'unknown';
  const protocol = session.transmissionType ?? 'ESMTP';
  return `from ${helo} (${reverseName} [${session.remoteAddress}]) by ${hostname} (harness-sink) with ${protocol} id ${id}; ${new Date().toUTCString()}`;
}

const smtp = new SMTPServer({
  ...plainSmtp(hostname, 'harness sink'),
  onConnect(session, callback) {
    void checkReverseDns(session.remoteAddress);
    callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', callback);
    stream.on('end', async () => {
      try {
        const raw = Buffer.concat(chunks);
        const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
        const [reverseDns, bounceOf] = await Promise.all([checkReverseDns(session.remoteAddress), originalOfBounce(mail)]);
        // Nothing awaits from here on: sequence numbers follow the order of storing, which
        // GET /messages?after=N relies on (a number taken before an await let a reader skip it).
        const number = ++seq;
        const id = `S${number}`;
        store({
          seq: number,
          receivedAt: new Date().toISOString(),
          peerAddress: session.remoteAddress,
          helo: session.hostNameAppearsAs ?? '',
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          messageId: mail.messageId ?? null,
          harnessId: headerText(mail, 'x-harness-id'),
          received: [sinkReceived(session, reverseDns, id), ...receivedHeaders(mail)],
          bounceOf,
          reverseDns,
          size: raw.length,
        });
        // One line per mail in the container's log, so that `podman logs` shows what the harness sees.
        console.log(`${id}: ${headerText(mail, 'x-harness-id') ?? mail.messageId ?? 'mail'} received from ${session.hostNameAppearsAs ?? 'unknown'} [${session.remoteAddress}]`);
        callback(null, `Ok: stored as ${id}`);
      } catch (error) {
        callback(error as Error);
      }
    });
  },
});
smtp.on('error', (error) => console.error(`sink smtp error: ${error.message}`));

const http = createHttpServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://sink');
  const reply = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  if (url.pathname === '/healthz') return reply(200, { ok: true });
  if (url.pathname === '/messages' && request.method === 'GET') {
    const after = Number(url.searchParams.get('after') ?? 0);
    return reply(200, stored.filter((message) => message.seq > after));
  }
  // The harness's reset of a kept topology: the next run may serve another reverse zone, so its
  // PTR records are asked afresh; it reads only the messages after the last one stored so far.
  if (url.pathname === '/reset' && request.method === 'POST') {
    reverseCache.clear();
    resolver = new dns.Resolver();
    return reply(200, { lastSeq: seq });
  }
  if (url.pathname === '/messages' && request.method === 'DELETE') {
    stored.length = 0;
    writeFileSync(storePath, '');
    return reply(200, { ok: true });
  }
  return reply(404, { error: `no route ${request.method} ${request.url}` });
});

smtp.listen(smtpPort, () => {
  http.listen(httpPort, () => console.log(`sink listening smtp=${smtpPort} http=${httpPort} as ${hostname}`));
});
