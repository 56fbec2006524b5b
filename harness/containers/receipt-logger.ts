/** A relay whose own log says which messages it took in, by Message-ID: a witness beside the client's log. */
export interface ReceiptLogger {
  receivedMessageIds(): Promise<Set<string>>;
  /**
   * Messages it passed on without learning whether the next hop took them (its delivery gave up
   * after sending the whole message, RFC 1047's window), by Message-ID, with what its log says.
   */
  uncertainHandoffs(): Promise<Map<string, string>>;
}
