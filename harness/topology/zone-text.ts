const PLACEHOLDER = /\{\{\s*([a-z0-9-]+)\s*\}\}/g;

/** Names used as `{{name}}` in a zone text. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

/** Fills `{{name}}` with the topology's address for that name. */
export function renderZone(text: string, addresses: Map<string, string>): string {
  const rendered = text.replace(PLACEHOLDER, (whole, name: string) => addresses.get(name) ?? whole);
  // Zone text in a template literal is usually indented; BIND reads leading space as "same owner".
  const lines = rendered.split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => line.match(/^[ \t]*/)![0].length));
  return lines.map((line) => line.slice(indent)).join('\n').trim() + '\n';
}
