/** A relay that can stay up with its SMTP port closed (connection refused), and open it again. */
export interface PortCloser {
  closeSmtpPort(): Promise<void>;
  openSmtpPort(): Promise<void>;
}
