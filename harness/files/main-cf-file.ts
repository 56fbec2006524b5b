import { ScenarioInputError } from '../util/errors';
import { readBesideScenario } from './caller-dir';
import { rememberOrigin } from './file-origin';

/** main.cf read into settings, with the line each one starts on. */
export interface ParsedMainCf {
  settings: Record<string, string>;
  lineOf: Record<string, number>;
}

/**
 * main.cf as Postfix reads it (postconf(5)): a `#` as the first non-blank character makes a
 * comment, a line that starts with white space continues the one before, a later setting of a
 * name replaces an earlier one. `$name` references are kept for Postfix to expand.
 */
export function parseMainCf(text: string, file = 'main.cf'): ParsedMainCf {
  const settings: Record<string, string> = {};
  const lineOf: Record<string, number> = {};
  let current: string | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (!line.trim() || /^\s*#/.test(line)) return;
    if (/^\s/.test(line)) {
      if (!current) throw new ScenarioInputError(`${file} line ${index + 1}: a continuation line with no setting before it`);
      settings[current] = `${settings[current]} ${line.trim()}`.trim();
      return;
    }
    const match = /^([A-Za-z0-9_]+)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new ScenarioInputError(`${file} line ${index + 1}: not a "name = value" setting: ${line.trim()}`);
    current = match[1];
    settings[current] = match[2].trim();
    lineOf[current] = index + 1;
  });
  return { settings, lineOf };
}

/**
 * A Postfix main.cf file as settings for the client (`postfix(mainCfFile('client.cf'))`) or a relay
 * (`postfixRelay('x', { mainCf: mainCfFile('relay.cf') })`). The path is relative to the scenario file.
 */
export function mainCfFile(path: string): Record<string, string> {
  const text = readBesideScenario(path, 'mainCfFile');
  const { settings, lineOf } = parseMainCf(text, path);
  rememberOrigin(settings, { file: path, lineOf });
  return settings;
}
