import type Dockerode from 'dockerode';
import { PassThrough, Readable } from 'node:stream';
import type { WaitStrategy } from 'testcontainers';
import { engineClient } from '../engine/engine-api';

/** Lines kept of what a container printed while it started, for the report of a failed start. */
const KEPT_LINES = 50;

/**
 * Waits for a line in the container's log, as `Wait.forLogMessage` does, and keeps the lines it
 * saw. Unlike testcontainers' own (and its log consumer), it closes the engine's log stream once
 * the line came: a stream left open keeps the engine following the log for the whole run, reading
 * every line Postfix writes a second time (measured: 10 such streams in a 2,000-message run).
 */
export class ReadyLineWait implements WaitStrategy {
  private startupTimeoutMs = 60_000;
  private startupTimeoutSet = false;
  private readonly lines: string[] = [];

  /**
   * @param listeningPort also wait, once the line came, until this TCP port listens: OpenSMTPD logs its
   * start line and Sendmail "starting daemon" before they bind port 25 (a submission was refused).
   */
  constructor(
    private readonly ready: RegExp,
    private readonly listeningPort?: number,
  ) {}

  /** The last lines the container printed before it became ready or failed to. */
  get printed(): string[] {
    return this.lines.slice(-KEPT_LINES);
  }

  public async waitUntilReady(container: Dockerode.Container, _boundPorts: unknown, startTime?: Date): Promise<void> {
    const since = startTime ? startTime.getTime() / 1000 : 0;
    const raw = (await container.logs({ follow: true, stdout: true, stderr: true, since })) as Readable;
    const text = new PassThrough();
    container.modem.demuxStream(raw, text, text);
    raw.on('end', () => text.end());
    let rest = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Log message "${this.ready}" not received after ${this.startupTimeoutMs}ms`)), this.startupTimeoutMs);
        const done = (error?: Error) => {
          clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        };
        text.on('data', (chunk: Buffer) => {
          const lines = (rest + chunk.toString('utf8')).split('\n');
          rest = lines.pop() ?? '';
          for (const line of lines.filter((l) => l.trim())) {
            this.lines.push(line);
            if (this.ready.test(line)) done();
          }
        });
        text.on('end', () => {
          if (rest.trim()) this.lines.push(rest);
          done(new Error(`Log stream ended and message "${this.ready}" was not received`));
        });
        raw.on('error', (error: Error) => done(error));
      });
    } finally {
      raw.destroy();
      text.destroy();
    }
    if (this.listeningPort !== undefined) await this.untilListening(container, this.listeningPort, startTime);
  }

  private async untilListening(container: Dockerode.Container, port: number, startTime?: Date): Promise<void> {
    const check = listeningCheck(port);
    const client = await engineClient();
    const deadline = (startTime?.getTime() ?? Date.now()) + this.startupTimeoutMs;
    for (let tries = 0; (await client.container.exec(container, check, { log: false })).exitCode !== 0; tries++) {
      if (Date.now() > deadline) throw new Error(`port ${port} not listening after ${this.startupTimeoutMs}ms`);
      if (tries === 0) this.lines.push(`(the harness: waiting for port ${port} to listen)`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  public withStartupTimeout(startupTimeoutMs: number): this {
    this.startupTimeoutMs = startupTimeoutMs;
    this.startupTimeoutSet = true;
    return this;
  }

  public isStartupTimeoutSet(): boolean {
    return this.startupTimeoutSet;
  }

  public getStartupTimeout(): number {
    return this.startupTimeoutMs;
  }
}

/** A command that succeeds once a TCP port listens: the kernel's own table of sockets, no tool in the image needed. */
export function listeningCheck(port: number): string[] {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return ['grep', '-qE', `:${hex} 0+:0000 0A`, '/proc/net/tcp', '/proc/net/tcp6'];
}
