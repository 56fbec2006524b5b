import type { QueueEntry } from '../model/mail-records';

/**
 * A relay that can say which of the harness's messages it still holds. Postfix answers with
 * `postqueue -j` and `postcat`; another relay kind implements the same method.
 */
export interface QueueReporter {
  queuedHarnessIds(): Promise<Map<string, QueueEntry>>;
}
