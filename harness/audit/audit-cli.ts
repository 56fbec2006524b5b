import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { useEngine } from '../engine/engine-choice';
import { ensureEngine } from '../engine/container-engine';
import { ensureImages } from '../engine/image-builder';
import { clientKinds, clientMta, DEFAULT_CLIENT } from '../mta/registry';
import { TopologyPool } from '../topology/topology-pool';
import { tearDownOnInterrupt } from '../topology/teardown-on-interrupt';
import { commandName, EXIT_BAD_INPUT, EXIT_FAILED, EXIT_PASSED, parseArguments, runMain } from '../util/cli-main';
import { errorMessage } from '../util/errors';
import { consoleProgress } from '../util/progress';
import { outputProblem } from '../util/output-files';
import { auditFaultNames } from './audit-plan';
import { planFromFiles } from './site-files';
import { auditHtml, auditJunit } from './audit-report';
import { auditTable, runAudit } from './audit-run';

async function main(argv: string[]): Promise<number> {
  const audited = clientKinds().filter((kind) => clientMta(kind).readConfig).map((kind) => clientMta(kind).title).join(', ');
  const program = new Command()
    .name(commandName('audit'))
    .description(`What a site's own client MTA (${audited}) does when each relay fails: reads its zone and the client's file, gives every host the client can hand mail to a relay at its own address, and plays a baseline, each fault of the battery at each relay, the first choice back after a stop, and all down and back, at the site's own timing on a fast clock.`)
    .requiredOption('--zone <file>', "the site's zone file for --domain")
    .requiredOption('--client <file>', `the client's whole configuration file (${audited})`)
    .option('--client-mta <mta>', `the client's MTA (${clientKinds().join(', ')}; the audit reads ${audited})`, DEFAULT_CLIENT)
    .option('--relay-config <file>', "the relays' own main.cf (Postfix): every relay runs it, handing mail on to the audit's mail store")
    .requiredOption('--network <cidr>', "the site's /24, e.g. 192.168.2.0/24: the run's addresses keep its host numbers")
    .requiredOption('--domain <domain>', 'the recipient domain (the zone\'s origin)')
    .option('--messages <n>', 'messages per cell', '6')
    .option('--faults <list>', `only these faults of the battery, comma-separated (${auditFaultNames().join(', ')})`)
    .option('--timing <timing>', "the client's timing: own (the site's file as written, the MTA's defaults elsewhere) or shipped (Debian's defaults)", 'own')
    .option('--speed <n>', "the client's clock speed (default 60× at own or shipped timing, 1× at test timing)")
    .option('--parallel <n>', 'cells played at once, each on a topology of its own (1-4; cells mostly wait on the client\'s timeouts)', '2')
    .option('--json <file>', 'also write { relays, cells, recommendations, passed } as JSON')
    .option('--report <file>', 'also write the grid of relays × faults as one HTML page')
    .option('--junit <file>', 'also write each cell as a JUnit test case')
    .option('--engine <engine>', 'docker (default) or podman');
  const parsed = parseArguments(program, argv);
  if (parsed !== undefined) return parsed;
  const options = program.opts<{ zone: string; client: string; clientMta: string; relayConfig?: string; network: string; domain: string; messages: string; faults?: string; timing: string; speed?: string; parallel: string; json?: string; report?: string; junit?: string; engine?: string }>();
  const messages = Number(options.messages);
  const bad = (sentence: string) => {
    console.error(`error: ${sentence}`);
    return EXIT_BAD_INPUT;
  };
  if (!/^\d+$/.test(options.messages) || messages < 1 || messages > 100) return bad(`--messages must be a whole number from 1 to 100 (not ${options.messages})`);
  if (!['own', 'shipped'].includes(options.timing)) return bad(`--timing must be own or shipped (not ${options.timing}): an audit plays the site's own timing or Debian's, never the harness's test timing`);
  if (options.speed !== undefined && !/^[1-9]\d{0,2}$/.test(options.speed)) return bad(`--speed must be a whole number from 1 to 999 (not ${options.speed})`);
  if (!/^[1-4]$/.test(options.parallel)) return bad(`--parallel must be a whole number from 1 to 4 (not ${options.parallel})`);
  const parallel = Number(options.parallel);
  const badOutput = outputProblem([['--json', options.json], ['--report', options.report], ['--junit', options.junit]]);
  if (badOutput) return bad(badOutput);
  useEngine(options.engine ?? process.env.HARNESS_ENGINE ?? 'docker');
  // Everything read and planned before anything starts: bad input is one sentence and exit 2.
  let plan;
  try {
    plan = await planFromFiles({
      zoneFile: options.zone, clientFile: options.client, clientMta: options.clientMta, ...(options.relayConfig ? { relayFile: options.relayConfig } : {}), domain: options.domain, network: options.network, messages,
      timing: options.timing as 'own' | 'shipped', ...(options.speed ? { speed: Number(options.speed) } : {}),
      ...(options.faults ? { faults: options.faults.split(',').map((name) => name.trim()) } : {}),
    });
  } catch (error) {
    return bad(errorMessage(error));
  }
  tearDownOnInterrupt();
  const progress = consoleProgress();
  await ensureEngine(progress);
  await ensureImages(progress, [options.clientMta]);
  const pool = new TopologyPool(parallel);
  const result = await runAudit(plan, { pool, progress, parallel }).finally(() => pool.close());
  console.log('\n' + auditTable(result));
  if (options.json) writeFileSync(options.json, JSON.stringify(result, null, 2) + '\n');
  if (options.report) writeFileSync(options.report, auditHtml(result));
  if (options.junit) writeFileSync(options.junit, auditJunit(result));
  return result.passed ? EXIT_PASSED : EXIT_FAILED;
}

runMain(main);
