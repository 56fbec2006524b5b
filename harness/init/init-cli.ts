import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { EXIT_BAD_INPUT, EXIT_PASSED, parseArguments, runMain } from '../util/cli-main';
import { readmeSection, starterFiles } from './starter-files';

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$/;

async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('mail-relay-harness init')
    .description('Write a starter into this repository: a scenario on your domain, a jest test, a nightly workflow, a README section.')
    .option('--domain <domain>', 'your mail domain (the scenario serves its zone)', 'example.com')
    .option('--into <dir>', 'the repository to write into', '.')
    .option('--force', 'overwrite starter files that exist');
  const parsed = parseArguments(program, argv);
  if (parsed !== undefined) return parsed;
  const options = program.opts<{ domain: string; into: string; force?: boolean }>();
  const domain = options.domain.toLowerCase();
  if (!DOMAIN.test(domain)) {
    console.error(`error: --domain must be a domain name such as example.com, not "${options.domain}"`);
    return EXIT_BAD_INPUT;
  }
  const root = resolve(options.into);
  const files = starterFiles(domain);
  // Nothing is written when anything would be overwritten: the user's files are never lost.
  const existing = Object.keys(files).filter((path) => existsSync(join(root, path)));
  if (existing.length && !options.force) {
    console.error(`error: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''} (--force overwrites)`);
    return EXIT_BAD_INPUT;
  }
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
    console.log(`wrote ${path}`);
  }
  const readme = join(root, 'README.md');
  const before = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
  if (!before.includes('## Mail relay failover tests')) {
    writeFileSync(readme, `${before}${before && !before.endsWith('\n') ? '\n' : ''}${readmeSection()}`);
    console.log(`${before ? 'added a section to' : 'wrote'} README.md`);
  }
  console.log('\nnext: sudo npx mail-relay-harness scenarios/relay-failover.ts');
  return EXIT_PASSED;
}

runMain(main);
