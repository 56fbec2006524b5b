import { runCommand } from '../util/run-command';
import { engineCli, engineRunFlags } from './engine-choice';
import type { HarnessImages } from './image-builder';
import type { ImageVersions } from '../model/image-versions';
import { CLIENT_MTAS } from '../mta/registry';

/** Asks the images themselves what they run: each client MTA's version, BIND's `named -v`, the Debian release. */
export async function imageVersions(images: HarnessImages): Promise<ImageVersions> {
  const ask = async (image: string, script: string) => {
    const result = await runCommand(engineCli(), ['run', '--rm', '--network', 'none', '--label', 'mail-relay-harness=true', ...engineRunFlags(),
      '--entrypoint', 'sh', image, '-c', script]);
    return result.code === 0 ? result.stdout.trim() : `unknown (${(result.stderr || result.stdout).trim().split('\n').pop()})`;
  };
  const mtas = Object.values(CLIENT_MTAS);
  const [bind, debian, ...clientVersions] = await Promise.all([
    ask(images.dns, 'named -v'),
    ask(images.dns, 'cat /etc/debian_version'),
    ...mtas.map((mta) => ask(images.mtas[mta.kind], mta.versionCommand)),
  ]);
  const clients = Object.fromEntries(mtas.map((mta, i) => [mta.kind, clientVersions[i]]));
  // The relays are Postfix of the harness's own release; a client of another release has its own version.
  const relay = images.relay === images.mtas.postfix ? clients.postfix : await ask(images.relay, CLIENT_MTAS.postfix.versionCommand);
  const postfix = relay?.replace(/^Postfix /, '') ?? 'unknown';
  return { postfix, bind, debian, suite: images.clientSuite, clients, images: { base: images.base, dns: images.dns, sink: images.sink, relay: images.relay, ...images.mtas } };
}
