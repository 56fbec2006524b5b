import { sleep } from '../util/wait-until';
import { createTransport, Transporter } from 'nodemailer';

export interface SentMessage {
  id: string;
  messageId: string;
  /** The client MTA's queue id, from its reply to the message (Postfix "queued as X", Exim "id=X"). */
  queueId: string | null;
  /** When the client accepted it (ISO time). */
  submittedAt?: string;
}

export interface MailSenderOptions {
  host: string;
  port: number;
  from: string;
  to: string;
  /** Right-hand side of each Message-ID, unique to the run. */
  messageIdDomain: string;
  /** The client MTA's queue id in its reply to a message; none when not given. */
  queueIdOf?: (reply: string) => string | null;
  /** Parallel SMTP sessions to the client. */
  connections?: number;
}

/** Submits test messages to the client MTA over SMTP, each with its own id. */
export class MailSender {
  private readonly transport: Transporter;

  constructor(private readonly options: MailSenderOptions) {
    this.transport = createTransport({
      host: options.host,
      port: options.port,
      name: 'harness-submitter.invalid',
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: options.connections ?? 8,
      maxMessages: Infinity,
      // The harness's own submission, not a measured figure: a client busy beside two other runs
      // was seen to greet later than 5 s (its smtpd looks the submitter up in the scenario's DNS),
      // and Exim taking 400 messages while it delivers each at once and runs its queue every second
      // on 2 busy cores left a connection without an answer for over 15 s (a clean-clone CI's matrix).
      connectionTimeout: 10_000,
      greetingTimeout: 20_000,
      socketTimeout: 60_000,
    });
  }

  /** Submits all in parallel over the pooled connections; resolves when the client has queued each. */
  async sendAll(ids: string[], from = this.options.from): Promise<SentMessage[]> {
    return Promise.all(ids.map((id) => this.send(id, from)));
  }

  /** One message every `intervalMs`, each recorded as soon as the client took it. */
  async sendPaced(ids: string[], intervalMs: number, sent: (message: SentMessage) => void, from = this.options.from): Promise<void> {
    for (const [n, id] of ids.entries()) {
      if (n > 0) await sleep(intervalMs);
      sent(await this.send(id, from));
    }
  }

  private async send(id: string, from: string): Promise<SentMessage> {
    const messageId = `<${id}@${this.options.messageIdDomain}>`;
    const info = await this.transport.sendMail({
      from,
      to: this.options.to,
      subject: `harness message ${id}`,
      messageId,
      headers: { 'X-Harness-Id': id },
      text: `Test message ${id} sent by the mail relay failover harness.\n`,
    }).catch((error: { response?: string }) => {
      // The client's own refusal, in its words: its configuration (or the zone it checks senders against) turns the mail away.
      if (!error.response) throw error;
      throw new Error(`the client MTA refused the message from ${from} to ${this.options.to} at submission: ${error.response}`);
    });
    const queueId = this.options.queueIdOf?.(info.response ?? '') ?? null;
    return { id, messageId, queueId, submittedAt: new Date().toISOString() };
  }

  close(): void {
    this.transport.close();
  }
}
