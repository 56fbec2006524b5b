import { ScenarioInputError } from '../../util/errors';
import { readBesideScenario } from '../../files/caller-dir';
import { rememberOrigin } from '../../files/file-origin';
import type { ParsedMainCf } from '../../files/main-cf-file';

/**
 * Exim's main section as Exim reads it (spec chapter 6): `#` comments, a trailing backslash
 * continuing the line, `name = value`, `hide name = value`, a boolean as `name` or `no_name`.
 * What the harness cannot take is refused naming the line: a macro or `.include` (what they
 * stand for is not in the file), and `begin` sections (routers and transports come from the
 * scenario's route).
 */
export function parseEximMain(text: string, file = 'exim.conf'): ParsedMainCf {
  const settings: Record<string, string> = {};
  const lineOf: Record<string, number> = {};
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  for (let index = 0; index < lines.length; index++) {
    const number = index + 1;
    let line = lines[index].trim();
    while (line.endsWith('\\') && index + 1 < lines.length) line = line.slice(0, -1) + lines[++index].trim();
    if (!line || line.startsWith('#')) continue;
    const refuse = (why: string) => new ScenarioInputError(`${file} line ${number}: ${why}`);
    if (/^begin\s+\w+/.test(line)) throw refuse(`"${line}": the harness writes Exim's routers and transports from the scenario's route; give the main section only`);
    if (line.startsWith('.')) throw refuse(`${line.split(/\s/)[0]} is not followed: put what it stands for in the file itself`);
    if (/^[A-Z][A-Z0-9_]*\s*=/.test(line)) throw refuse(`a macro (${line.split('=')[0].trim()}): write its value where it is used`);
    const option = /^(?:hide\s+)?([a-z][a-z0-9_]*)\s*(?:=\s*(.*))?$/.exec(line);
    if (!option) throw refuse(`not an Exim main option ("name = value"): ${line}`);
    const [, name, value] = option;
    // A boolean is set by its name alone, and unset as no_name (or not_name).
    const [key, setting] = value !== undefined ? [name, value.trim()] : /^not?_/.test(name) ? [name.replace(/^not?_/, ''), 'false'] : [name, 'true'];
    settings[key] = setting;
    lineOf[key] = number;
  }
  return { settings, lineOf };
}

/** An Exim main section file as the client's options: `exim(eximConfFile('exim-main.conf'))`. The path is relative to the scenario file. */
export function eximConfFile(path: string): Record<string, string> {
  const { settings, lineOf } = parseEximMain(readBesideScenario(path, 'eximConfFile'), path);
  rememberOrigin(settings, { file: path, lineOf });
  return settings;
}
