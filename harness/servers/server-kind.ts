import type { z } from 'zod';
import type { HarnessContainer, StartedHarnessContainer } from '../containers/harness-container';
import type { PortCloser } from '../containers/port-closer';
import type { QueueReporter } from '../containers/queue-reporter';
import type { ReceiptLogger } from '../containers/receipt-logger';
import type { SmtpFaultPlayer } from '../containers/smtp-fault-player';
import type { SinkMessage } from '../containers/sink-container';
import type { HarnessImages } from '../engine/image-builder';
import type { SmtpFaultStep } from '../scenario/steps';

/** What the topology gives a server to build its container from. */
export interface ServerSetup {
  images: HarnessImages;
  /** Its own name, e.g. server-one.example-domain.com. */
  hostname: string;
  /** The run's /24, whose hosts may relay through it. */
  subnet: string;
  /** True when no step stops this server, so its queue may live in memory. */
  neverStopped: boolean;
}

/** A server's service in an exported compose project: its image, and what it runs with. */
export interface ComposeService {
  image: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
}

/** A sink as the story reads it: what it has received after a sequence number. */
export interface MailReceiver {
  getName(): string;
  messages(after?: number): Promise<SinkMessage[]>;
  isRunning(): Promise<boolean>;
}

/**
 * What a started server can do beyond what every member can (stop, kill, pause, leave the network,
 * reset): each one a part of the run that asks for it by name.
 */
export interface ServerAbilities {
  /** Close its SMTP port while it runs (the `refuse` fault). */
  closesPort: PortCloser;
  /** Misbehave at an SMTP stage (smtp-fault steps). */
  playsSmtpFaults: SmtpFaultPlayer;
  /** Say which of the harness's messages it still holds (mail lost at a relay, or still in it). */
  reportsQueue: QueueReporter;
  /** Its own log of what it received and passed on (a carried-by's witness). */
  logsReceipts: ReceiptLogger;
  /** Keep the mail that reaches it (a sink). */
  receivesMail: MailReceiver;
}

/**
 * Each ability a kind has, as its started container: typed, so an entry cannot claim what its
 * container does not do, and read before a start (validation) as after (the run) from one place.
 */
export type AbilitiesOf<C> = { [A in keyof ServerAbilities]?: (started: C) => ServerAbilities[A] };

/** One kind of server, in one place: its shape, its container, what it can do, its compose service. */
export interface ServerKind<S extends { kind: string; name: string }, C extends StartedHarnessContainer = StartedHarnessContainer> {
  kind: S['kind'];
  /** As a sentence names it: "a Postfix relay". */
  title: string;
  role: 'relay' | 'sink';
  schema: z.ZodType<S>;
  container(spec: S, setup: ServerSetup): HarnessContainer & { start(): Promise<C> };
  abilities: AbilitiesOf<C>;
  /** The spec with its own settings (a relay's main.cf) passed through `map`: the run's addresses filled in, a site's own addresses moved. */
  mapSettings?(spec: S, map: (settings: Record<string, string>) => Record<string, string>): S;
  /** The port it listens on for SMTP. */
  port(spec: S): number;
  /** Why it cannot play this SMTP fault, each a sentence; none when it can. */
  smtpFaultProblems(step: SmtpFaultStep, spec: S, speed: number): string[];
  /** What beside its name, kind and address makes two servers of this kind start differently. */
  shape?(spec: S): unknown[];
  /**
   * A site's own configuration file for servers of this kind, as an audit's relay runs it: its
   * settings, handing mail on to `nextHop`, with a NOTE for each line of it set aside. Absent: this
   * kind takes no file of a site's.
   */
  fromSiteFile?(text: string, file: string, nextHop: string): { settings: Record<string, string>; notes: string[] };
  /** Its service in an exported compose project; `write` puts a file of its own beside it. */
  compose(spec: S, setup: Omit<ServerSetup, 'neverStopped'>, write: (path: string, content: string) => void): ComposeService;
}
