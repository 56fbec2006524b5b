/** A fault the node relay plays at one SMTP stage (POST /faults); the harness's SmtpFault. */
export interface RelayFault {
  stage: 'greeting' | 'helo' | 'mail' | 'rcpt' | 'data' | 'end-of-data';
  reply?: string;
  delayMs?: number;
  blackHole?: boolean;
  dropConnection?: boolean;
}

/** A message the node relay still holds (GET /queue), with why its last try failed. */
export interface RelayQueueEntry {
  queueId: string;
  harnessId: string | null;
  recipients: string[];
  reason?: string;
}
