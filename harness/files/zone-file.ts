import { ScenarioInputError } from '../util/errors';
import { readBesideScenario } from './caller-dir';
import { rememberOrigin } from './file-origin';

/**
 * A BIND zone file as the scenario's zone, read as it is ($TTL, $ORIGIN, a multi-line SOA with
 * comments, blank owners, relative and absolute names: BIND reads them). The path is relative to
 * the scenario file. $INCLUDE and $GENERATE are refused: the run loads one file, and what they
 * would add could not be checked for addresses outside the run's network.
 */
export function zoneFile(path: string): string {
  const text = readBesideScenario(path, 'zoneFile');
  text.split('\n').forEach((line, index) => {
    const directive = /^\$(INCLUDE|GENERATE)\b/i.exec(line);
    if (directive) throw new ScenarioInputError(`${path} line ${index + 1}: $${directive[1].toUpperCase()} is not followed: put its records in the file itself`);
  });
  rememberOrigin(text, { file: path });
  return text;
}
