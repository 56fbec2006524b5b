import { runCommand } from '../util/run-command';
import { engineCli, engineRunFlags } from './engine-choice';
import { debianSuite, HarnessImages } from './image-builder';
import type { ImageVersions } from '../nightly/nightly-results';

/** Asks the images themselves what they run: Postfix's mail_version, BIND's `named -v`, the Debian release. */
export async function imageVersions(images: HarnessImages): Promise<ImageVersions> {
  const ask = async (image: string, script: string) => {
    const result = await runCommand(engineCli(), ['run', '--rm', '--network', 'none', '--label', 'mail-relay-harness=true', ...engineRunFlags(),
      '--entrypoint', 'sh', image, '-c', script]);
    return result.code === 0 ? result.stdout.trim() : `unknown (${(result.stderr || result.stdout).trim().split('\n').pop()})`;
  };
  const [postfix, bind, debian] = await Promise.all([
    ask(images.postfix, 'postconf -h mail_version'),
    ask(images.dns, 'named -v'),
    ask(images.postfix, 'cat /etc/debian_version'),
  ]);
  return { postfix, bind, debian, suite: debianSuite(), images: { ...images } };
}
