import type { QueueEntry } from '../model/mail-records';

/**
 * A relay that can say which of the harness's messages it still holds. Postfix answers with
 * `postqueue -j` and `postcat`; another relay kind implements the same methods.
 */
export interface QueueReporter {
  queuedHarnessIds(): Promise<Map<string, QueueEntry>>;
  /** Whether it holds any mail at all: one command, however many messages (what a settle may ask often). */
  holdsMail(): Promise<boolean>;
}
