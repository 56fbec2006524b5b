import { ScenarioInputError } from '../../util/errors';
import { readBesideScenario } from '../../files/caller-dir';
import { rememberOrigin } from '../../files/file-origin';
import type { ParsedMainCf } from '../../files/main-cf-file';

/** The m4 lines the harness writes itself, from the scenario's route and Debian's files. */
const WRITTEN_BY_THE_HARNESS = /^(OSTYPE|DOMAIN|MAILER|FEATURE|VERSIONID|include|divert|undefine|SMART_HOST|MAILER_DEFINITIONS|LOCAL_CONFIG|DAEMON_OPTIONS|CLIENT_OPTIONS|EXPOSED_USER|MASQUERADE_AS)\b/;

/** Defines that say where mail goes: the scenario's route says that. */
const ROUTE_DEFINES = new Set(['SMART_HOST', 'confFALLBACK_MX', 'confFALLBACK_SMARTHOST', 'MAIL_HUB', 'LOCAL_RELAY']);

/**
 * A sendmail.mc's `define(`confX', `value')` lines as Sendmail defines, with the line each is on.
 * `dnl` comments and the lines the harness writes itself (OSTYPE, MAILER, FEATURE, and the defines
 * of where mail goes, SMART_HOST and the fallbacks: the route is the scenario's) are passed over; anything else is refused naming its line.
 */
export function parseSendmailMc(text: string, file = 'sendmail.mc'): ParsedMainCf {
  const settings: Record<string, string> = {};
  const lineOf: Record<string, number> = {};
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '').trim().replace(/\s*dnl\b.*$/, '');
    if (!line || WRITTEN_BY_THE_HARNESS.test(line)) return;
    const define = /^define\(\s*`([A-Za-z_][A-Za-z0-9_]*)'\s*,\s*`([^`']*)'\s*\)$/.exec(line);
    if (!define) throw new ScenarioInputError(`${file} line ${index + 1}: not a define(\`name', \`value') the harness can apply: ${line}`);
    if (ROUTE_DEFINES.has(define[1])) return;
    settings[define[1]] = define[2];
    lineOf[define[1]] = index + 1;
  });
  return { settings, lineOf };
}

/** A sendmail.mc file's defines as the client's: `sendmail(sendmailMcFile('sendmail.mc'))`. The path is relative to the scenario file. */
export function sendmailMcFile(path: string): Record<string, string> {
  const { settings, lineOf } = parseSendmailMc(readBesideScenario(path, 'sendmailMcFile'), path);
  rememberOrigin(settings, { file: path, lineOf });
  return settings;
}
