/** A relay whose own log says which messages it took in, by Message-ID: a witness beside the client's log. */
export interface ReceiptLogger {
  receivedMessageIds(): Promise<Set<string>>;
}

export function logsReceipts(server: unknown): server is ReceiptLogger {
  return typeof (server as Partial<ReceiptLogger>)?.receivedMessageIds === 'function';
}
