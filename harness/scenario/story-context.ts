import type { FaultInjector, FaultRecord } from '../topology/fault-injector';
import type { ChaosRecord } from '../report/scenario-result';
import type { ChaosContext } from './chaos-schedule';
import type { ExpectationResult } from './expectations';
import type { StoryMail } from './story-mail';
import type { Step } from './steps';

/**
 * What a step may use of the run it is part of, each a small part: the faults it can play, the mail,
 * the DNS, the story's time. A step's behaviour is its registry entry's `run`, written against this.
 * Every duration a step carries is already at real time here (the registry's `inRealTime`).
 */
export interface StoryContext {
  faults: Pick<FaultInjector, 'stop' | 'start' | 'fault' | 'smtpFault' | 'servfail' | 'heal'>;
  mail: Pick<StoryMail, 'send' | 'queueCheck'>;
  dns: { change(commands: string): Promise<void> };
  sleep(ms: number): Promise<void>;
  /** Heals `fault` on `member` `forMs` from now while the story goes on; the verdict waits for it. */
  healAfter(member: string, forMs: number | undefined, fault: FaultRecord['fault'] | undefined): void;
  /** Plays `step`, as the scenario's step `index`, `inMs` from now while the story goes on. */
  playLater(step: Step, index: number, inMs: number): void;
  /** A check made during the story, judged with the scenario's expectations. */
  check(result: ExpectationResult): void;
  /** A line of the run's progress. */
  say(line: string): void;
  /** Real ms since the run started. */
  elapsedMs(): number;
  /** What a chaos schedule asks of the scenario, and where the schedule it drew is kept for the report. */
  chaos: { context: ChaosContext; played: ChaosRecord[] };
}
