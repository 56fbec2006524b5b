import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../util/run-command';
import { engineCli, engineRunFlags } from '../engine/engine-choice';

export interface ZoneCheck {
  ok: boolean;
  message: string;
}

async function hostHasCheckzone(): Promise<boolean> {
  return (await runCommand('sh', ['-c', 'command -v named-checkzone']).catch(() => ({ code: 1 }))).code === 0;
}

/**
 * Asks BIND's own `named-checkzone` whether the zone loads. Uses the host's tool when installed
 * (nothing started), else a throwaway DNS-image container without network.
 */
export async function checkZone(origin: string, text: string, dnsImage?: string): Promise<ZoneCheck> {
  let result;
  if (await hostHasCheckzone()) {
    const dir = mkdtempSync(join(tmpdir(), 'harness-zone-'));
    try {
      const file = join(dir, `${origin}.db`);
      writeFileSync(file, text);
      result = await runCommand('named-checkzone', ['-q', '-k', 'fail', '-n', 'fail', origin, file]);
      if (result.code !== 0) result = await runCommand('named-checkzone', ['-k', 'fail', '-n', 'fail', origin, file]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else if (dnsImage) {
    result = await runCommand(engineCli(), ['run', '--rm', '-i', '--network', 'none', '--label', 'mail-relay-harness=true', ...engineRunFlags(),
      '--entrypoint', 'sh', dnsImage, '-c', `cat > /tmp/z && named-checkzone -k fail -n fail ${origin} /tmp/z`], { input: text });
  } else {
    return { ok: false, message: 'named-checkzone is not installed (apt-get install -y bind9-utils)' };
  }
  const output = (result.stdout + result.stderr)
    .split('\n')
    .filter((line) => line.trim() && !/^OK$/.test(line.trim()))
    // The temporary file's path means nothing to the user; its line number does.
    .map((line) => line.replace(/\S*\/(?:z|[^/\s]+\.db):(\d+):/g, 'zone line $1:').replace(/ from master file \S+/, ''));
  return { ok: result.code === 0, message: output.join('; ') };
}
