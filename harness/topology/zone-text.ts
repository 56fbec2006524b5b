// {{server-one}} is an address; {{host:server-one}} its last octet (for PTR owner names).
const PLACEHOLDER = /\{\{\s*(host:)?([a-z0-9-]+)\s*\}\}/g;

/** Names used as `{{name}}` or `{{host:name}}` in a zone text. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[2]);
}

/** Fills placeholders with the topology's addresses. */
export function fillAddresses(text: string, addresses: Map<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, host: string | undefined, name: string) => {
    const address = addresses.get(name);
    if (!address) return whole;
    return host ? address.split('.').pop()! : address;
  });
}

/** The in-addr.arpa zone of a /24 given by its prefix, e.g. "10.213.47" → "47.213.10.in-addr.arpa". */
export function reverseOrigin(prefix: string): string {
  return `${prefix.split('.').reverse().join('.')}.in-addr.arpa`;
}

/** Fills addresses in and removes the indentation a template literal gives. */
export function renderZone(text: string, addresses: Map<string, string>): string {
  const rendered = fillAddresses(text, addresses);
  // Zone text in a template literal is usually indented; BIND reads leading space as "same owner".
  const lines = rendered.split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => line.match(/^[ \t]*/)![0].length));
  return lines.map((line) => line.slice(indent)).join('\n').trim() + '\n';
}
