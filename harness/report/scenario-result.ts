import type { MessageOutcome } from '../mail/message-outcome';
import type { ExpectationResult } from '../scenario/expectations';

export interface ScenarioResult {
  scenario: string;
  runId: string;
  passed: boolean;
  durationMs: number;
  messages: MessageOutcome[];
  expectations: ExpectationResult[];
  /** Things worth knowing that are not expectations, e.g. Postfix warning about an unknown parameter. */
  findings: string[];
  /** Where container logs were saved, when the run failed. */
  artifactsDir?: string;
}
