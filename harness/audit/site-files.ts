import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { rememberOrigin } from '../files/file-origin';
import { clientKinds, clientMta, DEFAULT_CLIENT } from '../mta/registry';
import { scenarioProblems } from '../scenario/validate-scenario';
import { compileZone } from '../scenario/zone-check';
import { errorMessage } from '../util/errors';
import type { ClientChoice } from '../mta/client-mta';
import { planAudit, type AuditInput, type AuditPlan } from './audit-plan';
import { whoseFile } from './whose-file';

/** A site's files as an admin names them: its zone, its client's configuration (its tables beside it). */
export interface SiteFiles extends Omit<AuditInput, 'zone' | 'records' | 'client' | 'clientFiles' | 'relayFile'> {
  zoneFile: string;
  clientFile: string;
  /** The client's MTA (default postfix). */
  clientMta?: string;
  /** The relays' own main.cf (Postfix), when the site has one. */
  relayFile?: string;
}

/**
 * Reads a site's files and plans the audit's battery on them, before anything starts: a file that
 * is missing or of another kind, a zone BIND refuses, routing the audit cannot read, a cell the
 * harness would refuse, each throws one sentence (the CLI's exit 2).
 */
export async function planFromFiles(site: SiteFiles): Promise<AuditPlan> {
  const zone = readInput('--zone', site.zoneFile);
  rememberOrigin(zone, { file: site.zoneFile });
  const mta = site.clientMta ?? DEFAULT_CLIENT;
  if (!clientKinds().includes(mta)) throw new Error(`--client-mta must be one of ${clientKinds().join(', ')} (not ${mta})`);
  const kind = clientMta(mta);
  if (!kind.readConfig) throw new Error(`the audit does not read ${kind.title}'s configuration yet`);
  const read = readClientFile(mta, readInput('--client', site.clientFile), site.clientFile);
  // The tables the file names (transport_maps), as an admin keeps them: beside it, by the name the file gives.
  const clientFiles = Object.fromEntries((kind.lookupTables?.(read.settings) ?? []).map((path) => {
    const beside = join(dirname(site.clientFile), basename(path));
    if (!existsSync(beside)) throw new Error(`${site.clientFile} names the table ${path}: put it beside ${basename(site.clientFile)} as ${beside}`);
    return [path, readInput('its table', beside)];
  }));
  const records = await compileZone(site.domain, zone);
  const { zoneFile: _zone, clientFile: _client, clientMta: _mta, relayFile: _relay, ...rest } = site;
  const plan = planAudit({ ...rest, zone, records, client: { mta: kind.kind, ...read }, clientFiles, ...(site.relayFile ? { relayFile: { text: readInput('--relay-config', site.relayFile), file: site.relayFile } } : {}) });
  if (plan.relays.length === 0 || plan.problems.length) throw new Error(plan.problems.join('; '));
  // Each cell is a scenario: one the harness would refuse is the files' problem.
  const refused = plan.cells.flatMap((cell) => scenarioProblems(cell.scenario).map((problem) => `${cell.fault}${cell.relay ? ` at ${cell.relay}` : ''}: ${problem}`));
  if (refused.length) throw new Error(refused.join('; '));
  return plan;
}

/** The client's file as its MTA reads it; one its MTA refuses but another reads says which to name. */
function readClientFile(mta: string, text: string, file: string): Omit<ClientChoice, 'mta'> {
  try {
    return clientMta(mta).readConfig!(text, file);
  } catch (error) {
    const other = whoseFile(text, file, mta);
    throw new Error(`${errorMessage(error)}${other ? `; it reads as ${clientMta(other).title}'s: give --client-mta ${other}` : ''}`);
  }
}

function readInput(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${flag} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : errorMessage(error)}`);
  }
}
