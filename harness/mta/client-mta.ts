import type { HarnessContainer, StartedHarnessContainer } from '../containers/harness-container';
import type { ClientLog, QueueEntry } from '../model/mail-records';
import type { FaultCost } from '../model/fault-record';
import type { Route } from './route';
import type { ClientTiming } from '../model/client-clock';
import type { NextHops } from './next-hop';
import type { ZoneRecords } from '../files/zone-records';

/** The client a scenario names: an MTA kind and settings of its own beside the neutral route. */
export interface ClientChoice {
  mta: string;
  /** MTA-specific settings (main.cf parameters for Postfix, main options for Exim). */
  settings: Record<string, string>;
  /**
   * The MTA's whole configuration file as written, where settings cannot say it (Exim's configure
   * with its routers and transports): its routing is the route, and settings are laid over nothing.
   */
  config?: string;
}

/** What the topology gives a client to build its configuration from. */
export interface ClientSetup {
  /** The client's own name, e.g. client.example-domain.com. */
  hostname: string;
  /** The scenario's mail domain (where SRV records and the zone live). */
  domain: string;
  /** The run's /24, whose hosts may submit and relay. */
  subnet: string;
  /** The neutral route; absent when the settings say everything (a Postfix main.cf of its own). */
  route?: Route;
  /** MTA-specific settings over the adapter's (main.cf parameters for Postfix, main options for Exim). */
  settings: Record<string, string>;
  /** The client's whole configuration file, when the scenario gives one (see ClientChoice). */
  config?: string;
  /** MTA-specific files beside the configuration (Postfix lookup tables). */
  files: Record<string, string>;
  /** No step stops the client: its queue may live in memory. */
  queueInMemory: boolean;
  /** A dual-stack run: the client looks up AAAA records and connects over IPv6 too. */
  ipv6: boolean;
  /** Whose timing: the harness's test timing, the MTA's as shipped, or the settings as written. */
  timing: ClientTiming;
  /** How many times faster than real time the client's clock runs (1: real time). */
  speed: number;
}

/** The client MTA as a run uses it, whichever MTA it is. */
export interface StartedClientMta extends StartedHarnessContainer {
  /** The queue id in the MTA's reply to a submitted message ("queued as X", "id=X"). */
  queueIdOf(reply: string): string | null;
  queue(): Promise<QueueEntry[]>;
  /** Its delivery log read into last statuses and attempt trails. */
  deliveryLog(): Promise<ClientLog>;
  /** The setting each kind of wait costs, as `name = value`, e.g. connect → "smtp_connect_timeout = 1s". */
  faultTimeouts(): Promise<Partial<Record<FaultCost, string>>>;
  /** What the MTA said about its own configuration (unknown settings, fatal errors). */
  configWarnings(): Promise<string[]>;
  /** The queue as the MTA's own tool prints it, for a failed run's artifacts. */
  queueListing(): Promise<string>;
}

/** A client container, ready to start. */
export interface ClientContainer extends HarnessContainer {
  start(): Promise<StartedClientMta>;
}

/** One MTA in the client role: what it can do and how it is built. The registry holds one per kind. */
export interface ClientMtaKind {
  /** As the scenario and --client name it: postfix, exim, opensmtpd, sendmail. */
  kind: string;
  /** As people write it, for sentences: Postfix, Exim. */
  title: string;
  /** Its image's build folder. */
  imageDir: string;
  /** A shell command that prints its version inside its image. */
  versionCommand: string;
  /** Whether it takes lookup tables beside its configuration (a scenario's clientFiles). */
  takesFiles: boolean;
  /** Settings the harness must set itself: a scenario's own file that sets one is overridden (its note says so). */
  ownedSettings?: readonly string[];
  /** Per setting of a scenario's own file, what the run does with it that the user should know (NOTE lines). */
  settingNotes?(settings: Record<string, string>): Record<string, string>;
  /** Why a setting of the scenario's cannot go into this MTA's configuration as written; undefined when it can. */
  refusesSetting?(name: string, value: string): string | undefined;
  /** Whether a setting is one of timing (a timeout, a retry or queue interval), which shipped timing sets aside. */
  isTimingSetting(name: string): boolean;
  /**
   * The fastest clock this MTA keeps every timeout at with these settings, and why; undefined when
   * no limit: a whole-second alarm() shorter than the speed is lost (libfaketime rounds it to 0).
   */
  maxSpeed?(setup: Pick<ClientSetup, 'timing' | 'settings' | 'config'>): { speed: number; why: string } | undefined;
  /**
   * Whose clock stamps its delivery log: the client's own (its processes write it) or real time
   * (rsyslog's, which takes the kernel's receive time of each line).
   */
  logClock: 'client' | 'real';
  /**
   * Why its log may hold no trace of a try it made at a server with this fault (e.g. 'smtp greeting');
   * undefined when every try is logged. Without a trace, "never met the fault" cannot be told.
   */
  unloggedTry?(fault: string): string | undefined;
  /**
   * Why it bounces mail when the last host it can try greets with 5xx, citing its source; undefined:
   * it keeps the mail queued for its next try, as Postfix does (postconf(5) smtp_skip_5xx_greeting).
   */
  bouncesAtPermanentGreeting?: string;
  /** Real ms a delivery takes beyond its timeouts (its processes, lookups): a fast clock counts it speed times, so it sets the run's precision. */
  deliveryLatencyMs: number;
  /** Its whole configuration file as the MTA reads it: settings (each remembered with its file and line), or the file itself; undefined: not read yet. */
  readConfig?(text: string, file: string): Omit<ClientChoice, 'mta'>;
  /** What the harness lays over the client's whole file to run and observe it, each a NOTE naming file and line. */
  configNotes?(config: string): string[];
  /** Where its own configuration hands mail, read against the site's zone (an audit's relays); undefined: not read yet for this MTA. */
  nextHops?: NextHopReader;
  /** The lookup tables its settings name that route mail, by path (an audit reads each beside the configuration file). */
  lookupTables?(settings: Record<string, string>): string[];
  /** Why this MTA cannot follow the route, as a sentence naming it; undefined when it can. */
  cannot(route: Route): string | undefined;
  /** Its container for the given setup (image tag from the registry's build). */
  container(image: string, setup: ClientSetup): ClientContainer;
}

/**
 * Reads a client's settings (or its whole file) into next hops: one per MTA kind, in its own folder. `tables` are the
 * lookup tables its settings name, by the path they name (the audit reads them beside the file).
 */
export type NextHopReader = (client: ClientChoice, domain: string, zone: ZoneRecords, tables?: Record<string, string>) => NextHops;
