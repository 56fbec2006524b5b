import { ScenarioInputError } from '../util/errors';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { ScenarioDefinition } from '../scenario/define-scenario';
import type { HarnessImages } from '../engine/image-builder';
import { commonSettings, renderMainCf } from '../mta/postfix/postfix-settings';
import { postfixClient, postfixRouteSettings } from '../mta/postfix/postfix-client';
import { clientOf } from '../mta/client-choice';
import { clientMta } from '../mta/registry';
import { serverKind } from '../servers/server-registry';
import { PODMAN_ULIMITS } from '../engine/engine-choice';
import { addressesFor } from '../topology/address-plan';
import { fillAddresses, renderZone, reverseOrigin } from '../topology/zone-text';
import { mapRouteHosts } from '../mta/route';
import { planGateway } from '../topology/topology';
import { HARNESS_LABEL, SCENARIO_LABEL } from '../topology/run-labels';
import { ARTICLE_CONTAINER_NAMES, CLIENT_HOME, senddummyScript } from '../walkthrough/article-topology';

/** Exported projects get their own /24, outside the pools of live runs (10.213 Docker, 10.214 Podman). */
const EXPORT_PREFIX = '10.215.0';

type Service = Record<string, unknown>;

/** The article's names for failover (article_server1 ...); `<scenario>_<name>` for any other. */
/**
 * Writes the project beside its folder first and moves it in at the end, so that a project is
 * either whole or not there (an interrupted export leaves no half of one).
 */
function writeWhole(root: string, files: [string, string, number][]): void {
  mkdirSync(dirname(root), { recursive: true });
  const staging = mkdtempSync(join(dirname(root), '.export-'));
  try {
    for (const [path, content, mode] of files) {
      mkdirSync(dirname(join(staging, path)), { recursive: true });
      writeFileSync(join(staging, path), content, { mode });
    }
    if (!existsSync(root)) return renameSync(staging, root);
    // Into an existing folder: each entry replaces its namesake, the rest of the folder stays.
    for (const entry of readdirSync(staging)) {
      rmSync(join(root, entry), { recursive: true, force: true });
      renameSync(join(staging, entry), join(root, entry));
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function containerNames(scenario: ScenarioDefinition): (member: string) => string {
  if (scenario.name === 'failover') return (member) => ARTICLE_CONTAINER_NAMES[member];
  return (member) => `${scenario.name}_${member}`.replace(/-/g, '_');
}

/**
 * Writes a scenario as a compose project that podman-compose (>= 1.0.6) and docker-compose run
 * unchanged: the same images, zone, main.cf files and fixed addresses as a harness run. Returns
 * the compose file's path.
 */
export function exportCompose(scenario: ScenarioDefinition, images: HarnessImages, dir: string): string {
  const root = resolve(dir);
  const files: [string, string, number][] = [];
  const write = (path: string, content: string, mode = 0o644) => void files.push([path, content, mode]);
  const addresses = addressesFor(scenario, EXPORT_PREFIX);
  const subnet = `${EXPORT_PREFIX}.0/24`;
  const nameOf = containerNames(scenario);
  const hostname = (member: string) => `${member}.${scenario.domain}`;
  const labels = { [HARNESS_LABEL]: 'true', [SCENARIO_LABEL]: scenario.name };
  const ulimits = Object.fromEntries(Object.entries(PODMAN_ULIMITS).map(([name, limit]) => [name, { ...limit }]));
  const service = (member: string, image: string, extra: Service): Service => ({
    image,
    container_name: nameOf(member),
    hostname: member === 'client' ? 'client' : hostname(member),
    dns: [addresses.get('dns')],
    labels,
    ulimits,
    networks: { net: { ipv4_address: addresses.get(member) } },
    ...extra,
    // The image's entrypoint writes resolv.conf from RESOLVER, as in a harness run.
    environment: { RESOLVER: addresses.get('dns'), ...(extra.environment as object) },
  });

  const zones: [string, string][] = [[scenario.domain, renderZone(scenario.zone, addresses)]];
  if (scenario.reverseZone) zones.push([reverseOrigin(EXPORT_PREFIX), renderZone(scenario.reverseZone, addresses)]);
  for (const [origin, text] of zones) write(`dns/zones/${origin}.db`, text, 0o666);
  write('dns/harness-zones.conf', zones.map(([origin]) =>
    `zone "${origin}" { type primary; file "/var/lib/bind/zones/${origin}.db"; allow-update { any; }; };`).join('\n') + '\n');

  const services: Record<string, Service> = {
    dns: service('dns', images.dns, {
      volumes: ['./dns/harness-zones.conf:/etc/bind/harness-zones.conf:ro', './dns/zones:/var/lib/bind/zones:z'],
    }),
  };

  const recipient = scenario.recipient ?? `inbox@${scenario.domain}`;
  // The exported client is Postfix (its main.cf mounted read-only), as in the article.
  const choice = clientOf(scenario);
  if (scenario.ipv6) throw new ScenarioInputError(`${scenario.name}: --export-compose writes an IPv4 network; this scenario is dual-stack (ipv6: true)`);
  if (choice.mta !== postfixClient.kind) throw new ScenarioInputError(`${scenario.name}: --export-compose writes a ${postfixClient.title} client; this scenario's client is ${clientMta(choice.mta).title}`);
  const route = scenario.route ? postfixRouteSettings(mapRouteHosts(scenario.route, (host) => fillAddresses(host, addresses)), scenario.domain) : {};
  write('client/main.cf', renderMainCf({ ...commonSettings(hostname('client'), subnet), ...route, ...choice.settings }));
  write('client/senddummy.sh', senddummyScript(scenario.domain, recipient, scenario.name === 'failover' ? 'article' : scenario.name), 0o755);
  const tables = Object.entries(scenario.clientFiles ?? {});
  for (const [path, content] of tables) write(`client${path}`, content.replace(/^[ \t]+/gm, '') + '\n');
  services.client = service('client', images.mtas.postfix, {
    working_dir: CLIENT_HOME,
    environment: { POSTMAP_FILES: tables.map(([path]) => path).join(' ') },
    volumes: ['./client/main.cf:/etc/postfix/main.cf:ro', `./client/senddummy.sh:${CLIENT_HOME}/senddummy.sh:ro`,
      ...tables.map(([path]) => `./client${path}:${path}`)],
    depends_on: ['dns'],
  });

  for (const server of scenario.servers) {
    const { image, ...runs } = serverKind(server).compose(server, { images, hostname: hostname(server.name), subnet }, write);
    services[server.name] = service(server.name, image, { ...runs, depends_on: ['dns'] });
  }

  const compose = {
    services,
    // The gateway off every member and every address the files name, as on a run's own network.
    networks: { net: { labels, ipam: { driver: 'default', config: [{ subnet, gateway: `${EXPORT_PREFIX}.${planGateway(scenario)}` }] } } },
  };
  const header = `# ${scenario.name}: ${scenario.description}\n# Exported by the mail relay failover harness; see README.md beside this file.\n`;
  write('compose.yaml', header + stringify(compose, { aliasDuplicateObjects: false }));
  write('README.md', projectReadme(scenario, nameOf, images));
  writeWhole(root, files);
  return join(root, 'compose.yaml');
}

function projectReadme(scenario: ScenarioDefinition, nameOf: (member: string) => string, images: HarnessImages): string {
  const stopStep = scenario.steps.find((step) => step.kind === 'stop');
  const sink = scenario.servers.find((server) => serverKind(server).role === 'sink')!;
  return `# ${scenario.name}, as a compose project

${scenario.description}${scenario.source ? ` (${scenario.source})` : ''}.

The images are the harness's own, built on this machine (no registry): \`npm run images -- --engine podman\`
(or \`--engine docker\`) in the harness's folder builds ${images.dns}, ${images.relay} and ${images.sink}.

    podman-compose up -d
    podman exec ${nameOf('client')} ./senddummy.sh
    podman logs ${nameOf(sink.name)}        # one line per mail: which relay handed it over
${stopStep && stopStep.kind === 'stop' ? `    podman stop ${nameOf(stopStep.server)}\n    podman exec ${nameOf('client')} ./senddummy.sh\n` : ''}    podman-compose down

docker-compose works the same way (\`docker-compose up -d\`, \`docker exec\`, \`docker logs\`).
`;
}
