import { runCommand } from '../util/run-command';
import { engineCli } from '../engine/engine-choice';
import { ARTICLE_CONTAINER_NAMES } from './article-topology';

/** Whoever plays the article's part: types its commands (a person) or runs them (the harness). */
export interface ArticleReader {
  /** `podman exec -it article_client /bin/bash`, then `./senddummy.sh` `count` times, then `exit`. */
  sendMails(count: number): Promise<void>;
  /** `podman stop article_server1`. */
  stopServerOne(): Promise<void>;
}

const CLIENT = ARTICLE_CONTAINER_NAMES.client;
const SERVER_ONE = ARTICLE_CONTAINER_NAMES['server-one'];

/** The article's commands, verbatim, for the engine in use. */
export function articleCommands(count: number): { shell: string; inside: string[] } {
  return { shell: `${engineCli()} exec -it ${CLIENT} /bin/bash`, inside: [...Array(count).fill('./senddummy.sh'), 'exit'] };
}

export const stopCommand = () => `${engineCli()} stop ${SERVER_ONE}`;

/** A person in a second terminal: the walkthrough prints the next command and watches for its effect. */
export class PrintingReader implements ArticleReader {
  constructor(private readonly say: (line: string) => void) {}

  async sendMails(count: number): Promise<void> {
    const { shell, inside } = articleCommands(count);
    this.say(`\nnow, in a second terminal:\n  $ ${shell}\n${inside.map((line) => `  root@client # ${line}`).join('\n')}\n`);
  }

  async stopServerOne(): Promise<void> {
    this.say(`\nnow stop server one, as the article does:\n  $ ${stopCommand()}\n`);
  }
}

/** `--auto`: the harness runs the same commands itself (without -it: there is no terminal to attach). */
export class AutomaticReader implements ArticleReader {
  constructor(private readonly say: (line: string) => void) {}

  async sendMails(count: number): Promise<void> {
    for (let i = 0; i < count; i++) await this.run([engineCli(), 'exec', CLIENT, './senddummy.sh']);
  }

  async stopServerOne(): Promise<void> {
    await this.run([engineCli(), 'stop', SERVER_ONE]);
  }

  private async run([program, ...args]: string[]): Promise<void> {
    this.say(`$ ${[program, ...args].join(' ')}`);
    const result = await runCommand(program, args);
    if (result.code !== 0) throw new Error(`${program} ${args.join(' ')} exited ${result.code}: ${(result.stderr || result.stdout).trim()}`);
  }
}
