import type { ClientTiming } from '../model/client-clock';
import type { MessageOutcome } from '../mail/message-outcome';
import type { ExpectationResult } from '../scenario/expectations';
import type { ServerIdentity } from '../mail/attribution';
import type { FailoverTime, HeldThrough } from '../mail/failover-time';
import type { ClientConnection } from '../model/mail-records';
import type { TopologySummary } from '../topology/topology-summary';

export type { TopologySummary };

/** One step of the story as it ran, in ms from the run's start. */
export interface StepTiming {
  index: number;
  kind: string;
  description: string;
  /** The server a stop/start (or fault) step acted on. */
  server?: string;
  startMs: number;
  endMs: number;
}

/** A chaos step's schedule as its seed drew it: each fault (or a slot where none could be played), ms after the step began. */
export interface ChaosRecord {
  step: number;
  seed: number;
  /** When the chaos step began, ms from the run's start. */
  startMs: number;
  schedule: { atMs: number; server?: string; kind?: string; fault?: string; forMs?: number; skipped?: true }[];
}

export interface ScenarioResult {
  scenario: string;
  description?: string;
  source?: string;
  /** When the run started (ISO time); step and message times are measured against it. */
  startedAt?: string;
  steps?: StepTiming[];
  topology?: TopologySummary;
  runId: string;
  /** The client MTA the run judged: its kind and version, asked of its container. */
  client?: { mta: string; version: string };
  /** Whose timing the client ran with and how fast its clock ran; every figure of the run is at that clock. */
  clock?: { timing: ClientTiming; speed: number; precisionMs: number };
  passed: boolean;
  durationMs: number;
  messages: MessageOutcome[];
  expectations: ExpectationResult[];
  /** The servers as the run knew them, and the checks made during its story: for judging the run again. */
  identities?: ServerIdentity[];
  stepChecks?: ExpectationResult[];
  /** Each fault, and how long mail took to go round it. */
  failovers?: FailoverTime[];
  /** Sessions the client's log names apart from any message's trail, with how each failed (OpenSMTPD). */
  sessions?: ClientConnection[];
  /** Mail a relay held through its own kill, stop or restart and delivered once back. */
  heldThrough?: HeldThrough[];
  /** Each chaos step's schedule. */
  chaos?: ChaosRecord[];
  /** Things worth knowing that are not expectations, e.g. Postfix warning about an unknown parameter. */
  findings: string[];
  /** Where container logs were saved, when the run failed. */
  artifactsDir?: string;
  /** A failure the client's own documentation foretells (the scenario's documentedFailures), cited. */
  documented?: string;
}
