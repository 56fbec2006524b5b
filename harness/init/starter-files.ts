/**
 * The starter `mail-relay-harness init` writes into a user's repository: one scenario on their
 * domain, a jest test with the matchers, a nightly GitHub Actions workflow and a README section.
 * Every file uses the package as installed, never this repository's paths.
 */
export function starterFiles(domain: string): Record<string, string> {
  return {
    'scenarios/relay-failover.ts': `import { byMx, claimingCarriers, defineScenario, postfixRelay, send, sink, start, stop } from 'mail-relay-failover-harness';

// Two MX hosts for ${domain} in front of one mail store, on real BIND and real Postfix:
// all mail to the primary; the primary down, the backup carries it; back up, the primary again.
const gateway = (name: string) => postfixRelay(name, { mainCf: { relayhost: '[mailstore.${domain}]' } });

const scenario = defineScenario({
  name: 'relay-failover',
  description: '${domain}: MX 10 primary, MX 20 backup; primary down → backup; back → primary',
  domain: '${domain}',
  zone: \`
    $TTL 60
    @         IN SOA ns1 hostmaster 1 1200 180 1209600 60
    @         IN NS  ns1
    ns1       IN A   {{dns}}
    primary   IN A   {{primary}}
    backup    IN A   {{backup}}
    mailstore IN A   {{mailstore}}
    @         IN MX  10 primary
    @         IN MX  20 backup
  \`,
  servers: [gateway('primary'), gateway('backup'), sink('mailstore')],
  route: byMx(),
  steps: [
    send(10, { expectCarriedBy: 'primary' }),
    stop('primary'),
    send(5, { expectCarriedBy: 'backup' }),
    start('primary'),
    send(10, { expectCarriedBy: 'primary' }),
  ],
});

export default scenario;

// Must FAIL (npx mail-relay-harness scenarios/relay-failover.ts --twin): proof the expectations can.
export const negativeTwin = claimingCarriers(scenario, 3, 'primary', 'claims the stopped primary carries the mail');
`,
    'test/relay-failover.test.ts': `import { runScenario } from 'mail-relay-failover-harness';
import 'mail-relay-failover-harness/jest';
import scenario from '../scenarios/relay-failover';

// Needs jest with ts-jest (npm i -D jest ts-jest typescript @types/jest; preset 'ts-jest') and a
// container engine (Docker, or Podman with HARNESS_ENGINE=podman), as root.
test('mail goes round the primary MX and comes back to it', async () => {
  const result = await runScenario(scenario);
  expect(result).toPassScenario();
}, 300_000);
`,
    '.github/workflows/mail-relay-nightly.yml': `# Nightly: every scenario in scenarios/ on real BIND and Postfix, with junit and an HTML report.
name: mail relay nightly

on:
  schedule:
    - cron: "23 3 * * *"
  workflow_dispatch:

permissions:
  contents: read

jobs:
  scenarios:
    runs-on: ubuntu-latest
    timeout-minutes: 60
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-node@v5
        with:
          node-version: 22
      - run: npm ci
      # The harness builds its images here (Debian trixie, through debootstrap): no registry is needed.
      - run: sudo apt-get update && sudo apt-get install -y debootstrap
      - run: sudo -E npx mail-relay-harness nightly --dir scenarios --out nightly
      - if: always()
        uses: actions/upload-artifact@v6
        with:
          name: mail-relay-nightly
          path: nightly/
`,
  };
}

/** The section `init` adds to the user's README (or writes as it). */
export function readmeSection(): string {
  return `
## Mail relay failover tests

\`scenarios/\` holds scenarios for [mail-relay-failover-harness](https://www.npmjs.com/package/mail-relay-failover-harness):
each starts BIND, the relays and a mail store in containers, sends mail, breaks servers and says
which relay carried each message.

\`\`\`sh
sudo npx mail-relay-harness scenarios/relay-failover.ts     # one scenario (exit 0 passed, 1 failed, 2 bad input)
sudo npx mail-relay-harness scenarios/relay-failover.ts --twin   # and its negative twin, which must FAIL
sudo npx mail-relay-harness --dir scenarios --list          # the scenarios here
sudo npx mail-relay-harness nightly --dir scenarios         # all of them: results.json, junit.xml, report.html
\`\`\`

\`.github/workflows/mail-relay-nightly.yml\` runs them every night. A zone file or main.cf of your
own: \`zone: zoneFile('example.zone')\`, \`postfix(mainCfFile('client.cf'))\`, with \`network: '192.168.1.0/24'\`
for the addresses in them.
`;
}
