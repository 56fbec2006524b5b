import { ScenarioInputError } from '../../util/errors';

/** An option as the file sets it, with its line. */
export interface EximOption {
  value: string;
  line: number;
}

/** A router or transport instance: `name:` then its options. */
export interface EximDriver {
  name: string;
  line: number;
  options: Record<string, EximOption>;
}

/** Exim's whole configure file, read into its sections (spec chapter 6). */
export interface EximConfigure {
  /** Main options, and named lists as `domainlist local_domains` → value. */
  main: Record<string, EximOption>;
  routers: EximDriver[];
  transports: EximDriver[];
  /** The retry section's rules, each line as written. */
  retry: EximOption[];
}

const SECTIONS = ['acl', 'authenticators', 'local_scan', 'retry', 'rewrite', 'routers', 'transports'];

/**
 * Exim's whole configure as Exim reads it: `#` comments, a trailing backslash continuing the line,
 * the main section's options and named lists, then `begin` sections, in which routers and
 * transports are `name:` instances with their options. What the harness cannot follow is refused
 * naming the line: `.include` and the other dot directives, and macros (what they stand for is not
 * in the file as read).
 */
export function parseEximConfigure(text: string, file = 'exim4.conf'): EximConfigure {
  const read: EximConfigure = { main: {}, routers: [], transports: [], retry: [] };
  let section = 'main';
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    let content = lines[index].trim();
    while (content.endsWith('\\') && index + 1 < lines.length) content = content.slice(0, -1) + lines[++index].trim();
    if (!content || content.startsWith('#')) continue;
    const refuse = (why: string) => new ScenarioInputError(`${file} line ${line}: ${why}`);
    const begin = /^begin\s+(\S+)$/.exec(content);
    if (begin) {
      if (!SECTIONS.includes(begin[1])) throw refuse(`"begin ${begin[1]}" is no section of Exim's configure (${SECTIONS.join(', ')})`);
      section = begin[1];
      continue;
    }
    if (content.startsWith('.')) throw refuse(`${content.split(/\s/)[0]} is not followed: put what it stands for in the file itself`);
    if (/^[A-Z][A-Z0-9_]*\s*=/.test(content)) throw refuse(`a macro (${content.split('=')[0].trim()}): write its value where it is used`);
    if (section === 'retry') read.retry.push({ value: content, line });
    else if (section === 'main') {
      const named = /^(domainlist|hostlist|addresslist|localpartlist)\s+([A-Za-z0-9_]+)\s*=\s*(.*)$/.exec(content);
      const option = named ? { name: `${named[1]} ${named[2]}`, value: named[3] } : optionOf(content);
      if (!option) throw refuse(`not an Exim main option ("name = value"): ${content}`);
      read.main[option.name] = { value: option.value, line };
    } else if (section === 'routers' || section === 'transports') {
      const drivers = read[section];
      const instance = /^([A-Za-z][A-Za-z0-9_-]*)\s*:(?!:)\s*(.*)$/.exec(content);
      if (instance && !/^[a-z_]+\s*=/.test(content)) {
        drivers.push({ name: instance[1], line, options: {} });
        content = instance[2];
        if (!content) continue;
      }
      const option = optionOf(content);
      if (!option) throw refuse(`not an option of a ${section.slice(0, -1)} ("name = value"): ${content}`);
      if (!drivers.length) throw refuse(`${option.name} comes before the first ${section.slice(0, -1)}'s name ("name:")`);
      drivers[drivers.length - 1].options[option.name] = { value: option.value, line };
    }
  }
  return read;
}

/** `name = value`, `hide name = value`, or a boolean as `name`, `no_name`, `not_name`. */
function optionOf(content: string): { name: string; value: string } | undefined {
  const match = /^(?:hide\s+)?([a-z][a-z0-9_]*)\s*(?:=\s*(.*))?$/.exec(content);
  if (!match) return undefined;
  const [, name, value] = match;
  if (value !== undefined) return { name, value: value.trim() };
  return /^not?_/.test(name) ? { name: name.replace(/^not?_/, ''), value: 'false' } : { name, value: 'true' };
}

/** A colon-separated Exim list (`::` is a colon within an item), quotes taken off. */
export function eximList(value: string): string[] {
  const unquoted = value.trim().replace(/^"(.*)"$/, '$1');
  if (unquoted.startsWith('<')) return [unquoted];
  return unquoted.replace(/::/g, '\u0000').split(':').map((item) => item.replace(/\u0000/g, ':').trim()).filter(Boolean);
}

/**
 * The configure with the harness's options over the main section's: an option the file sets is
 * replaced on its own line, one it does not takes a blank or comment line of the main section
 * (so that Exim's own errors name the file's line numbers), else a line added at the top.
 * `overlay` maps each option to its new value from the file's (undefined when unset).
 */
export function overlayEximMain(text: string, overlay: Record<string, (own: string | undefined) => string>): string {
  const read = parseEximConfigure(text);
  const original = text.split('\n');
  const lines = [...original];
  const added: string[] = [];
  for (const [name, valueOf] of Object.entries(overlay)) {
    const own = read.main[name];
    const value = `${name} = ${valueOf(own?.value)}`;
    if (own) {
      // A continued option spans lines: the first holds the new value, the rest become blank.
      let end = own.line - 1;
      lines[end] = value;
      while (/\\\s*$/.test(original[end] ?? '') && end + 1 < lines.length) lines[++end] = '';
    } else {
      const firstBegin = lines.findIndex((line) => /^\s*begin\s+\S+\s*$/.test(line));
      const spare = lines.slice(0, firstBegin < 0 ? lines.length : firstBegin).findIndex((line, i) => /^\s*(#.*)?$/.test(line) && !/\\\s*$/.test(lines[i - 1] ?? ''));
      if (spare >= 0) lines[spare] = value;
      else added.push(value);
    }
  }
  return [...added, ...lines].join('\n');
}
