import type { Attempt } from '../model/mail-records';

/**
 * Attempt trails as a log reader builds them: each try in order, and how many were logged since
 * the message's last outcome line (an MTA's outcome line often restates its last host's failure).
 */
export class AttemptRecorder {
  readonly trails = new Map<string, Attempt[]>();
  private readonly sinceOutcome = new Map<string, number>();

  public add(id: string, attempt: Attempt): void {
    this.trails.set(id, [...(this.trails.get(id) ?? []), attempt]);
    this.sinceOutcome.set(id, (this.sinceOutcome.get(id) ?? 0) + 1);
  }

  /** Whether a try was logged since the last outcome line (or ever). */
  public triedSinceOutcome(id: string): boolean {
    return (this.sinceOutcome.get(id) ?? 0) > 0;
  }

  /** An outcome line was read: the next tries belong to a later delivery attempt. */
  public outcome(id: string): void {
    this.sinceOutcome.set(id, 0);
  }
}
