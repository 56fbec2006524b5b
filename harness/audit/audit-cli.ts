import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { useEngine } from '../engine/engine-choice';
import { ensureEngine } from '../engine/container-engine';
import { ensureImages } from '../engine/image-builder';
import { rememberOrigin } from '../files/file-origin';
import { clientKinds, clientMta } from '../mta/registry';
import { compileZone } from '../scenario/zone-check';
import { TopologyPool } from '../topology/topology-pool';
import { tearDownOnInterrupt } from '../topology/teardown-on-interrupt';
import { commandName, EXIT_BAD_INPUT, EXIT_FAILED, EXIT_PASSED, parseArguments, runMain } from '../util/cli-main';
import { errorMessage } from '../util/errors';
import { consoleProgress } from '../util/progress';
import { planAudit } from './audit-plan';
import { auditTable, runAudit } from './audit-run';

async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name(commandName('audit'))
    .description("What a site's own Postfix does when each relay fails: reads its zone and main.cf, gives every host the client can hand mail to a relay at its own address, and plays a baseline, each relay stopped, and all down and back.")
    .requiredOption('--zone <file>', "the site's zone file for --domain")
    .requiredOption('--client <file>', "the client's configuration file (Postfix: main.cf)")
    .option('--client-mta <mta>', `the client's MTA (${clientKinds().join(', ')}; the audit reads Postfix's so far)`, 'postfix')
    .requiredOption('--network <cidr>', "the site's /24, e.g. 192.168.2.0/24: the run's addresses keep its host numbers")
    .requiredOption('--domain <domain>', 'the recipient domain (the zone\'s origin)')
    .option('--messages <n>', 'messages per cell', '6')
    .option('--json <file>', 'also write { relays, cells } as JSON')
    .option('--engine <engine>', 'docker (default) or podman');
  const parsed = parseArguments(program, argv);
  if (parsed !== undefined) return parsed;
  const options = program.opts<{ zone: string; client: string; clientMta: string; network: string; domain: string; messages: string; json?: string; engine?: string }>();
  const messages = Number(options.messages);
  if (!/^\d+$/.test(options.messages) || messages < 1 || messages > 100) {
    console.error(`error: --messages must be a whole number from 1 to 100 (not ${options.messages})`);
    return EXIT_BAD_INPUT;
  }
  useEngine(options.engine ?? process.env.HARNESS_ENGINE ?? 'docker');
  // Everything read and planned before anything starts: bad input is one sentence and exit 2.
  let plan;
  try {
    const zone = readInput('--zone', options.zone);
    rememberOrigin(zone, { file: options.zone });
    if (!clientKinds().includes(options.clientMta)) throw new Error(`--client-mta must be one of ${clientKinds().join(', ')} (not ${options.clientMta})`);
    const kind = clientMta(options.clientMta);
    if (!kind.readConfig) throw new Error(`the audit does not read ${kind.title}'s configuration yet`);
    const settings = kind.readConfig(readInput('--client', options.client), options.client);
    const records = await compileZone(options.domain, zone);
    plan = planAudit({ domain: options.domain, network: options.network, zone, records, client: { mta: kind.kind, settings }, messages });
  } catch (error) {
    console.error(`error: ${errorMessage(error)}`);
    return EXIT_BAD_INPUT;
  }
  if (plan.relays.length === 0 || plan.problems.length) {
    console.error(`error: ${plan.problems.join('; ')}`);
    return EXIT_BAD_INPUT;
  }
  tearDownOnInterrupt();
  const progress = consoleProgress();
  await ensureEngine(progress);
  await ensureImages(progress, [options.clientMta]);
  const pool = new TopologyPool(1);
  const result = await runAudit(plan, { pool, progress }).finally(() => pool.close());
  console.log('\n' + auditTable(result));
  if (options.json) writeFileSync(options.json, JSON.stringify(result, null, 2) + '\n');
  return result.passed ? EXIT_PASSED : EXIT_FAILED;
}

function readInput(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${flag} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : errorMessage(error)}`);
  }
}

runMain(main);
