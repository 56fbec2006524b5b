import { ScenarioInputError } from '../../util/errors';
import { durationSeconds } from '../../util/duration';

/** One m4 macro call of a sendmail.mc: `FEATURE(`mailertable')`, its arguments unquoted, and its line. */
export interface McCall {
  name: string;
  args: string[];
  line: number;
}

/** A define's value as the file leaves it, with the line that set it. */
export interface McDefine {
  value: string;
  line: number;
}

/** A whole sendmail.mc as m4 reads it, for what the audit needs: its calls and the defines in force at its end. */
export interface SendmailMc {
  calls: McCall[];
  defines: Record<string, McDefine>;
  /** FEATURE names, with their line. */
  features: Record<string, number>;
  /** The first MAILER(...) line: where the harness lays its own defines over (they must come before the mailers). */
  firstMailerLine: number;
}

const CF_M4 = '/usr/share/sendmail/cf/m4/cf.m4';

/** Files Debian's sendmailconfig writes and the stock sendmail.mc includes: the image has its own. */
const IMAGE_INCLUDES = new Set([CF_M4, '/etc/mail/m4/dialup.m4', '/etc/mail/m4/provider.m4', '/etc/mail/tls/starttls.m4', '/etc/mail/sasl/sasl.m4']);

/**
 * What DOMAIN(`debian-mta') defines (/usr/share/sendmail/cf/domain/debian-mta.m4, Debian 8.18): the
 * timeouts a site on Debian runs with, and the host status kept on disk between deliveries.
 */
const DEBIAN_MTA: Record<string, string> = {
  confHOST_STATUS_DIRECTORY: '/var/lib/sendmail/host_status',
  confTO_ICONNECT: '2m', confTO_MAIL: '2m', confTO_DATAINIT: '2m', confTO_RSET: '1m', confTO_QUIT: '2m', confTO_COMMAND: '5m', confTO_IDENT: '5s',
};

/**
 * m4's reading of a .mc, as far as the audit needs it: `dnl` to the end of the line, `# ...`
 * comments, `quoted' text (nested), and NAME(args) calls whose arguments split at commas outside
 * quotes and parentheses. Raw sendmail.cf lines after LOCAL_CONFIG and the like are passed over.
 */
function calls(text: string): McCall[] {
  const found: McCall[] = [];
  let at = 0;
  let line = 1;
  const skipToLineEnd = () => {
    while (at < text.length && text[at] !== '\n') at++;
  };
  const quoted = (): string => {
    // at: the opening backquote; returns the text between, nested quotes kept.
    let depth = 0;
    const start = at + 1;
    for (; at < text.length; at++) {
      const c = text[at];
      if (c === '\n') line++;
      if (c === '`') depth++;
      else if (c === "'" && --depth === 0) return text.slice(start, at++);
    }
    return text.slice(start);
  };
  while (at < text.length) {
    const c = text[at];
    if (c === '\n') { line++; at++; continue; }
    if (c === '#') { skipToLineEnd(); continue; }
    if (c === '`') { quoted(); continue; }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at, at + 64))?.[0];
    if (!word) { at++; continue; }
    if (word === 'dnl') { skipToLineEnd(); at++; line++; continue; }
    const callLine = line;
    at += word.length;
    if (text[at] !== '(') { found.push({ name: word, args: [], line: callLine }); continue; }
    at++;
    const args: string[] = [];
    let current = '';
    let depth = 0;
    while (at < text.length) {
      const d = text[at];
      if (d === '`') { current += quoted(); continue; }
      if (d === '\n') line++;
      if (/^dnl\b/.test(text.slice(at, at + 4)) && !/[A-Za-z0-9_]/.test(text[at - 1] ?? '')) { skipToLineEnd(); continue; }
      if (d === '(') depth++;
      if (d === ')' && depth-- === 0) { at++; break; }
      if (d === ',' && depth === 0) { args.push(current.trim()); current = ''; at++; continue; }
      current += d;
      at++;
    }
    args.push(current.trim());
    found.push({ name: word, args, line: callLine });
  }
  return found;
}

/**
 * A whole sendmail.mc, read before it runs: refused naming its line where it includes a file the
 * run does not have (what it stands for is not in the file as read), or when it is not a .mc at all.
 */
export function readSendmailMc(text: string, file = 'sendmail.mc'): SendmailMc {
  const found = calls(text);
  const defines: Record<string, McDefine> = {};
  const features: Record<string, number> = {};
  for (const call of found) {
    const [first = '', second = ''] = call.args;
    if (call.name === 'include' || call.name === 'sinclude') {
      if (!IMAGE_INCLUDES.has(first)) throw new ScenarioInputError(`${file} line ${call.line}: ${call.name}(\`${first}') is not followed: put what it stands for in the file itself`);
    } else if (call.name === 'define' && first) defines[first] = { value: second, line: call.line };
    else if (call.name === 'undefine') delete defines[first];
    else if (call.name === 'DOMAIN' && first === 'debian-mta') for (const [name, value] of Object.entries(DEBIAN_MTA)) defines[name] = { value, line: call.line };
    else if (call.name === 'FEATURE') features[first] = call.line;
  }
  if (!found.some((call) => call.name === 'include' && call.args[0] === CF_M4)) {
    throw new ScenarioInputError(`${file} is not a sendmail.mc: it never includes Sendmail's ${CF_M4} (is this another MTA's file?)`);
  }
  const mailers = found.filter((call) => call.name === 'MAILER');
  if (!mailers.some((call) => call.args[0] === 'smtp')) throw new ScenarioInputError(`${file} has no MAILER(\`smtp'): Sendmail would send no mail to another host`);
  return { calls: found, defines, features, firstMailerLine: mailers[0].line };
}

/** Sendmail's time values (op.me 5.6: 30s, 5m, 1h30m); a bare number is minutes, as Timeout options read it. */
export const sendmailSeconds = (value: string): number | undefined => durationSeconds(value, 'm');
