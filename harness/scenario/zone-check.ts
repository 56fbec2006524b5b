import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand, type CommandResult } from '../util/run-command';
import { ScenarioInputError } from '../util/errors';
import { parseCompiledZone, ZoneRecords } from '../files/zone-records';
import { engineCli, engineRunFlags } from '../engine/engine-choice';

export interface ZoneCheck {
  ok: boolean;
  message: string;
}

async function hostHas(tool: string): Promise<boolean> {
  return (await runCommand('sh', ['-c', `command -v ${tool}`]).catch(() => ({ code: 1 }))).code === 0;
}

/**
 * Runs one of BIND's zone tools on a zone text: the host's when installed (nothing started), else in
 * a throwaway DNS-image container without network. Undefined when neither is there.
 */
async function runZoneTool(tool: 'named-checkzone' | 'named-compilezone', args: string[], origin: string, text: string, dnsImage?: string): Promise<CommandResult | undefined> {
  if (await hostHas(tool)) {
    const dir = mkdtempSync(join(tmpdir(), 'harness-zone-'));
    try {
      const file = join(dir, `${origin}.db`);
      writeFileSync(file, text);
      return await runCommand(tool, [...args, origin, file]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (!dnsImage) return undefined;
  return runCommand(engineCli(), ['run', '--rm', '-i', '--network', 'none', '--label', 'mail-relay-harness=true', ...engineRunFlags(),
    '--entrypoint', 'sh', dnsImage, '-c', `cat > /tmp/z && ${tool} ${args.join(' ')} ${origin} /tmp/z`], { input: text });
}

const MISSING = 'named-checkzone is not installed (apt-get install -y bind9-utils)';

/**
 * Asks BIND's own `named-checkzone` whether the zone loads. Uses the host's tool when installed
 * (nothing started), else a throwaway DNS-image container without network.
 */
export async function checkZone(origin: string, text: string, dnsImage?: string): Promise<ZoneCheck> {
  let result = await runZoneTool('named-checkzone', ['-q', '-k', 'fail', '-n', 'fail'], origin, text, dnsImage);
  if (!result) return { ok: false, message: MISSING };
  // Quiet first; its words only when it fails.
  if (result.code !== 0) result = (await runZoneTool('named-checkzone', ['-k', 'fail', '-n', 'fail'], origin, text, dnsImage))!;
  return { ok: result.code === 0, message: toolWords(result) };
}

/** What a zone tool said, with the temporary file's path (meaningless to the user) as the zone's line. */
function toolWords(result: CommandResult): string {
  return (result.stdout + result.stderr)
    .split('\n')
    .filter((line) => line.trim() && !/^OK$/.test(line.trim()))
    .map((line) => line.replace(/\S*\/(?:z|[^/\s]+\.db):(\d+):/g, 'zone line $1:').replace(/ from master file \S+/, ''))
    .join('; ');
}

/**
 * A site's zone as BIND itself reads it ($ORIGIN, $TTL, relative names, multi-line records), by
 * `named-compilezone`'s full output. A zone BIND refuses is bad input, in BIND's words.
 */
export async function compileZone(origin: string, text: string, dnsImage?: string): Promise<ZoneRecords> {
  const result = await runZoneTool('named-compilezone', ['-q', '-k', 'fail', '-n', 'fail', '-s', 'full', '-o', '-'], origin, text, dnsImage);
  if (!result) throw new ScenarioInputError(MISSING);
  if (result.code !== 0) throw new ScenarioInputError(`the zone for ${origin} does not load: ${toolWords(result) || 'named-compilezone failed'}`);
  return new ZoneRecords(parseCompiledZone(result.stdout));
}
