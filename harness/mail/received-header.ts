/** A Received header split into its RFC 5321 §4.4 clauses. */
export interface ReceivedHeader {
  /** The name the sending host gave in HELO/EHLO. */
  fromHelo?: string;
  /** The sending host's name by reverse DNS, as the receiver wrote it ("unknown" when none). */
  fromReverseName?: string;
  /** The sending host's address, as the receiver saw it. */
  fromAddress?: string;
  /** The receiving host. */
  by?: string;
  with?: string;
  id?: string;
  for?: string;
  date?: string;
}

const CLAUSES = new Set(['from', 'by', 'via', 'with', 'id', 'for']);

/** Words and parenthesised comments at the top level, in order. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && /\s/.test(char)) {
      if (current) out.push(current);
      current = '';
      continue;
    }
    current += char;
    if (depth === 0 && char === ')') {
      out.push(current);
      current = '';
    }
  }
  if (current) out.push(current);
  return out;
}

/** Parses one Received header value (without the "Received:" name); unknown parts are skipped. */
export function parseReceived(value: string): ReceivedHeader {
  const unfolded = value.replace(/\s+/g, ' ').trim();
  const semicolon = unfolded.lastIndexOf(';');
  const body = semicolon >= 0 ? unfolded.slice(0, semicolon) : unfolded;
  const header: ReceivedHeader = semicolon >= 0 ? { date: unfolded.slice(semicolon + 1).trim() } : {};
  let clause: string | undefined;
  let commentAddress: string | undefined;
  for (const token of tokens(body)) {
    const word = token.toLowerCase();
    if (!token.startsWith('(') && CLAUSES.has(word)) {
      clause = word;
      continue;
    }
    if (!clause) continue;
    if (token.startsWith('(')) {
      if (clause === 'from') {
        const address = token.match(/\[(?:IPv6:)?([0-9a-fA-F:.]+)\]/);
        // The receiver's own view of the address beats whatever the sender claimed in HELO.
        if (address && !commentAddress) header.fromAddress = commentAddress = address[1];
        const reverse = token.match(/^\(([^\s[\]()]+)\s+\[/);
        if (reverse) header.fromReverseName ??= reverse[1];
      }
      continue;
    }
    const bare = token.replace(/^<|>$/g, '');
    if (clause === 'from' && header.fromHelo === undefined) {
      // "from [10.0.0.5]" when the client gave an address literal as its HELO.
      const literal = token.match(/^\[(?:IPv6:)?([0-9a-fA-F:.]+)\]$/);
      header.fromHelo = token;
      if (literal) header.fromAddress ??= literal[1];
    } else if (clause === 'by' && header.by === undefined) header.by = token;
    else if (clause === 'with' && header.with === undefined) header.with = token;
    else if (clause === 'id' && header.id === undefined) header.id = token;
    else if (clause === 'for' && header.for === undefined) header.for = bare;
  }
  return header;
}
