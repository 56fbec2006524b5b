import { ScenarioInputError } from '../../util/errors';
import { originOf } from '../../files/file-origin';
import type { ZoneRecords } from '../../files/zone-records';
import type { ClientChoice } from '../client-mta';
import { mxHops, type NextHop, type NextHops } from '../next-hop';

/** One statement of smtpd.conf: its words (a quoted string is one word, quotes off) and its line. */
interface Statement {
  words: string[];
  line: number;
}

const KEYWORDS = ['action', 'admd', 'ca', 'filter', 'listen', 'match', 'mta', 'pki', 'proc', 'proc-exec', 'queue', 'smtp', 'srs', 'table', 'bounce'];

/**
 * smtpd.conf as smtpd reads it (smtpd.conf(5)): `#` comments, a trailing backslash continuing the
 * line, one statement per line, `{ ... }` lists. A macro (`name = value`) and `include` are refused
 * naming the line: what they stand for is not in the file as read.
 */
export function parseSmtpdConf(text: string, file = 'smtpd.conf'): Statement[] {
  const statements: Statement[] = [];
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    let content = lines[index].replace(/(^|\s)#.*$/, '').trim();
    while (content.endsWith('\\') && index + 1 < lines.length) content = content.slice(0, -1) + ' ' + lines[++index].replace(/(^|\s)#.*$/, '').trim();
    if (!content) continue;
    const words = [...content.matchAll(/"([^"]*)"|([{},])|([^\s{},"]+)/g)].map((match) => match[1] ?? match[2] ?? match[3]).filter((word) => word !== ',');
    const refuse = (why: string) => new ScenarioInputError(`${file} line ${line}: ${why}`);
    if (words[0] === 'include') throw refuse('include is not followed: put what it stands for in the file itself');
    if (words[1] === '=') throw refuse(`"${content}" is a macro, not followed: write its value where it is used (or is this another MTA's file?)`);
    if (!KEYWORDS.includes(words[0])) throw refuse(`not a statement of smtpd.conf: ${content}`);
    statements.push({ words, line });
  }
  return statements;
}

/** The items of `{ a, b }` at `at` (and where the list ends), or the one word there. */
function itemsAt(words: string[], at: number): { items: string[]; next: number } {
  if (words[at] !== '{') return { items: words[at] === undefined ? [] : [words[at]], next: at + 1 };
  const end = words.indexOf('}', at);
  return { items: words.slice(at + 1, end), next: end + 1 };
}

const inSubnet = (address: string, cidr: string) => {
  const [net, bits = '32'] = cidr.split('/');
  const number = (text: string) => text.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const mask = Number(bits) === 0 ? 0 : 2 ** 32 - 2 ** (32 - Number(bits));
  return /^\d+(\.\d+){3}$/.test(net) && (number(address) & mask) >>> 0 === (number(net) & mask) >>> 0;
};

/**
 * Where OpenSMTPD hands mail for a domain submitted from the client host itself (how the audit's
 * mail enters), as smtpd.conf(5) says: the first `match` whose `from` takes a local sender and
 * whose `for` takes the domain names its action; a `relay` action goes to the domain's MX (its
 * address when it has none), `relay host URL` to that host alone, `relay backup` to the MX hosts
 * preferred over the client. OpenSMTPD has no fallback relay and no SRV lookup. Its timeouts are
 * compiled in (300 s a connect or a reply).
 */
export function smtpdNextHops(client: ClientChoice, domain: string, zone: ZoneRecords): NextHops {
  const file = (client.config && originOf(client.config)?.file) ?? 'smtpd.conf';
  const statements = parseSmtpdConf(client.config ?? '', file);
  const unread: string[] = [];
  const notes: string[] = [];
  const hops: NextHop[] = [];
  const waits = { connect: 'compiled-in session I/O timeout = 300s', greeting: 'compiled-in session I/O timeout = 300s' };
  if (!client.config) return { hops, unread: ["OpenSMTPD's smtpd.conf was not given: its match rules are what the audit reads"], waits, notes };
  const tables = new Map(statements.filter((s) => s.words[0] === 'table').map((s) => [s.words[1], s]));
  const tableItems = (name: string, line: number): string[] | undefined => {
    const table = tables.get(name);
    if (table && table.words[2] === '{') return itemsAt(table.words, 2).items.map((item) => item.split('=')[0].trim());
    unread.push(`${file} line ${line}: the table <${name}> ${table ? `is ${table.words[2]}, not a list in the file` : 'is not defined'}: not followed`);
    return undefined;
  };
  const listOf = (words: string[], at: number, line: number) => {
    const table = /^<(.+)>$/.exec(words[at] ?? '');
    return table ? { items: tableItems(table[1], line), next: at + 1 } : itemsAt(words, at);
  };
  // The match rule for the audit's mail: from the client's loopback, to the domain.
  const taken = (rule: Statement): boolean => {
    const { words, line } = rule;
    let from = words.includes('from') ? undefined : true;
    let forDomain = words.includes('for') ? undefined : false;
    for (let i = 1; i < words.length; i++) {
      if (words[i].startsWith('!')) {
        unread.push(`${file} line ${line}: a negated ${words[i].slice(1)} is not followed`);
        return false;
      }
      if (words[i] === 'from') {
        const what = words[i + 1];
        // local: the socket or a loopback address, as the audit's mail comes; socket: the socket alone (the sendmail command).
        if (what === 'local' || what === 'any') from = true;
        else if (what === 'socket') from = false;
        else if (what === 'src') {
          const { items, next } = listOf(words, i + 2, line);
          from = (items ?? []).some((item) => item === 'localhost' || inSubnet('127.0.0.1', item));
          i = next - 1;
        } else {
          unread.push(`${file} line ${line}: from ${what} is not followed`);
          from = false;
        }
      }
      if (words[i] === 'for') {
        const what = words[i + 1];
        if (what === 'any') forDomain = true;
        else if (what === 'local') forDomain = false;
        else if (what === 'domain') {
          const { items, next } = listOf(words, i + 2, line);
          forDomain = (items ?? []).some((item) => item.toLowerCase() === domain.toLowerCase() || (item.startsWith('*.') && domain.toLowerCase().endsWith(item.slice(1).toLowerCase())));
          i = next - 1;
        } else {
          unread.push(`${file} line ${line}: for ${what} is not followed`);
          forDomain = false;
        }
      }
    }
    return Boolean(from && forDomain);
  };
  const rule = statements.find((s) => s.words[0] === 'match' && taken(s));
  if (!rule) {
    unread.push(`${file}: no match rule takes mail from the host itself for ${domain}`);
    return { hops, unread, waits, notes };
  }
  const name = rule.words[rule.words.indexOf('action') + 1];
  const action = statements.find((s) => s.words[0] === 'action' && s.words[1] === name);
  if (!action) {
    unread.push(`${file} line ${rule.line}: the action "${name}" is not defined`);
    return { hops, unread, waits, notes };
  }
  const { words, line } = action;
  if (words[2] !== 'relay') {
    unread.push(`${file} line ${line}: action "${name}" (${words[2]}) for ${domain}: only relay is read`);
    return { hops, unread, waits, notes };
  }
  const hostAt = words.indexOf('host');
  const via = `action "${name}", ${file} line ${line}`;
  if (hostAt > 0) {
    const url = /^(smtp|smtp\+tls|smtp\+notls|smtps|lmtp)(?:\+[a-z]+)?:\/\/(?:[^@/]+@)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?$/.exec(words[hostAt + 1] ?? '');
    if (!url || url[1] === 'lmtp') unread.push(`${file} line ${line}: relay host ${words[hostAt + 1]}: only smtp:// URLs are read`);
    else {
      const host = url[2].replace(/^\[|\]$/g, '').toLowerCase();
      const port = url[3] ? Number(url[3]) : url[1] === 'smtps' ? 465 : 25;
      hops.push({ host, port, addresses: /^\d+(\.\d+){3}$/.test(host) ? [host] : zone.addresses(host), order: 0, via: `relay host (${via})`, fallback: false });
    }
  } else {
    if (words.includes('backup')) notes.push(`${file} line ${line}: relay backup: only the MX hosts preferred over the client's own are tried; read here as the domain's MX`);
    hops.push(...mxHops(zone, domain, { port: 25, via, fallback: false }));
  }
  return { hops, unread, waits, notes };
}
