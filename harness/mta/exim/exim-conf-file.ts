import { ScenarioInputError } from '../../util/errors';
import { readBesideScenario } from '../../files/caller-dir';
import { rememberOrigin } from '../../files/file-origin';
import type { ParsedMainCf } from '../../files/main-cf-file';
import { parseEximConfigure } from './exim-configure';

/**
 * Exim's main section as Exim reads it (parseEximConfigure), for a scenario's route to complete:
 * `begin` sections are refused naming the line (routers and transports come from the route), and
 * so are named lists, which the harness's settings cannot hold.
 */
export function parseEximMain(text: string, file = 'exim.conf'): ParsedMainCf {
  const lines = text.split('\n');
  const begin = lines.findIndex((line) => /^\s*begin\s+\w+/.test(line));
  if (begin >= 0) throw new ScenarioInputError(`${file} line ${begin + 1}: "${lines[begin].trim()}": the harness writes Exim's routers and transports from the scenario's route; give the main section only`);
  const { main } = parseEximConfigure(text, file);
  const list = Object.entries(main).find(([name]) => name.includes(' '));
  if (list) throw new ScenarioInputError(`${file} line ${list[1].line}: not an Exim main option ("name = value"): ${list[0]} = ${list[1].value}`);
  return {
    settings: Object.fromEntries(Object.entries(main).map(([name, option]) => [name, option.value])),
    lineOf: Object.fromEntries(Object.entries(main).map(([name, option]) => [name, option.line])),
  };
}

/** An Exim main section file as the client's options: `exim(eximConfFile('exim-main.conf'))`. The path is relative to the scenario file. */
export function eximConfFile(path: string): Record<string, string> {
  const { settings, lineOf } = parseEximMain(readBesideScenario(path, 'eximConfFile'), path);
  rememberOrigin(settings, { file: path, lineOf });
  return settings;
}
