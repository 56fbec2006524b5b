// {{server-one}} is an address; {{host:server-one}} its last octet (for PTR owner names);
// {{v6:server-one}} its IPv6 address on a dual-stack run (`ipv6: true`);
// {{net:7}} the run's address with host number 7 and {{subnet}} the run's /24 (a scenario on a
// network of its own: its files' addresses, mapped).
const PLACEHOLDER = /\{\{\s*(host:|net:|v6:)?([a-z0-9-]+)\s*\}\}/g;

/** Names used as `{{name}}`, `{{host:name}}` or `{{v6:name}}` in a zone text (not {{net:N}}). */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].filter((match) => match[1] !== 'net:').map((match) => match[2]);
}

/** Names used as `{{v6:name}}`: IPv6 addresses, which only a dual-stack run has. */
export function ipv6PlaceholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].filter((match) => match[1] === 'v6:').map((match) => match[2]);
}

/** Fills placeholders with the topology's addresses. */
export function fillAddresses(text: string, addresses: Map<string, string>): string {
  const prefix = addresses.get('dns')?.replace(/\.\d+$/, '');
  return text.replace(PLACEHOLDER, (whole, kind: string | undefined, name: string) => {
    if (kind === 'net:') return prefix ? `${prefix}.${name}` : whole;
    if (name === 'subnet' && !kind) return prefix ? `${prefix}.0/24` : whole;
    const address = addresses.get(kind === 'v6:' ? `v6:${name}` : name);
    if (!address) return whole;
    return kind === 'host:' ? address.split('.').pop()! : address;
  });
}

/** Each setting's value with its placeholders filled (settings read from a scenario's own files). */
export function fillSettings(settings: Record<string, string>, addresses: Map<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, fillAddresses(value, addresses)]));
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
