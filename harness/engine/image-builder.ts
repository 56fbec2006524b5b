import { PACKAGE_ROOT } from '../util/package-files';
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ImageName } from 'testcontainers';
import { engineClient } from './engine-api';
import { SetupError } from '../util/errors';
import { runCommand } from '../util/run-command';
import type { Progress } from '../util/progress';
import { hashInputs } from './input-hash';
import { engineCli } from './engine-choice';
import { CLIENT_MTAS } from '../mta/registry';

export const CONTAINERS_DIR = join(PACKAGE_ROOT, 'containers');
export const IMAGE_PREFIX = 'mail-relay-harness';

export const DEFAULT_SUITE = 'trixie';

/** Debian releases a client's images can be built from (each with its own MTA versions). */
export const DEBIAN_SUITES = ['bookworm', 'trixie', 'forky', 'sid', 'testing', 'unstable'] as const;

/** Why `suite` is not a Debian release the harness can build from, or undefined when it is. */
export function suiteProblem(suite: string): string | undefined {
  return (DEBIAN_SUITES as readonly string[]).includes(suite) ? undefined : `"${suite}" is not a Debian release to build from (${DEBIAN_SUITES.join(', ')})`;
}

/** HARNESS_DEBIAN_SUITE=sid (or testing) builds every image from Debian unstable, to meet the next Postfix before users do. */
export function debianSuite(): string {
  const suite = process.env.HARNESS_DEBIAN_SUITE ?? DEFAULT_SUITE;
  if (!/^[a-z]+$/.test(suite)) throw new SetupError(`HARNESS_DEBIAN_SUITE must be a Debian suite name such as trixie, testing or sid, not "${suite}"`);
  return suite;
}

export interface HarnessImages {
  base: string;
  dns: string;
  sink: string;
  /** The Postfix relays' image: always the harness's own release, whatever the client's. */
  relay: string;
  /** One image per client MTA of the registry, by kind, from the client's release. */
  mtas: Record<string, string>;
  /** The Debian release the client images are built from, and their base. */
  clientSuite: string;
  clientBase: string;
}

/** The tags of one release's images: each a hash of its inputs, so a change rebuilds only what it touches. */
function releaseTags(suite: string) {
  // A registry-backed machine may start from a pulled image instead of debootstrap (the harness's own release only).
  const pulled = suite === debianSuite() ? process.env.HARNESS_BASE_IMAGE : undefined;
  // The default suite adds nothing to the hash, so that trixie images keep their tags.
  const base = pulled ?? `${IMAGE_PREFIX}/base:${hashInputs(join(CONTAINERS_DIR, 'base'), suite === DEFAULT_SUITE ? [] : [suite])}`;
  const tagFor = (name: string, dir = join(CONTAINERS_DIR, name)) => `${IMAGE_PREFIX}/${name}:${hashInputs(dir, [base])}`;
  const mtas = Object.fromEntries(Object.values(CLIENT_MTAS).map((mta) => [mta.kind, tagFor(mta.kind, mta.imageDir)]));
  return { base, dns: tagFor('dns'), sink: tagFor('sink'), mtas };
}

/** The run's images: DNS, sink and relays from the harness's release; the clients from `clientSuite` (default the same). */
export function imageTags(clientSuite = debianSuite()): HarnessImages {
  const own = releaseTags(debianSuite());
  const client = clientSuite === debianSuite() ? own : releaseTags(clientSuite);
  return { base: own.base, dns: own.dns, sink: own.sink, relay: own.mtas.postfix, mtas: client.mtas, clientSuite, clientBase: client.base };
}

async function imageExists(tag: string): Promise<boolean> {
  const client = await engineClient();
  return client.image.exists(ImageName.fromString(tag));
}

async function mustSucceed(what: string, program: string, args: string[], cwd?: string, env?: Record<string, string>): Promise<void> {
  const result = await runCommand(program, args, { cwd, env });
  if (result.code !== 0) {
    const tail = (result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n');
    throw new SetupError(`${what} failed (exit ${result.code}):\n${tail}`);
  }
}

async function buildBase(tag: string, suite: string): Promise<void> {
  await mustSucceed(`building the base image ${tag} with debootstrap`, 'bash', [join(CONTAINERS_DIR, 'base/build-base.sh'), tag], undefined, { ENGINE_CLI: engineCli(), DEBIAN_SUITE: suite });
}

async function buildFromDirectory(context: string, tag: string, base: string): Promise<void> {
  await mustSucceed(`${engineCli()} build of ${tag}`, engineCli(), ['build', '-q', '--build-arg', `BASE=${base}`,
    '--label', `${IMAGE_PREFIX}.image=true`, '-t', tag, context]);
}

/** The Node image (sink and node relay) runs compiled TypeScript with its npm dependencies staged on the host (no npm in the image). */
async function buildSink(tag: string, base: string): Promise<void> {
  const source = join(CONTAINERS_DIR, 'sink');
  const stage = mkdtempSync(join(tmpdir(), 'harness-sink-'));
  try {
    cpSync(join(source, 'Dockerfile'), join(stage, 'Dockerfile'));
    const app = join(stage, 'app');
    mkdirSync(app);
    cpSync(join(source, 'package.json'), join(app, 'package.json'));
    cpSync(join(source, 'package-lock.json'), join(app, 'package-lock.json'));
    await mustSucceed('npm ci for the sink image', 'npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], app);
    // Both programs of the image: the sink and the node relay (type-only modules come out empty).
    // The compiler is loaded only here: it costs every run 0.3 s to load, and only a build needs it.
    const { transpileModule, ModuleKind, ScriptTarget } = await import('typescript');
    for (const file of readdirSync(join(source, 'src')).filter((name) => name.endsWith('.ts'))) {
      const program = transpileModule(readFileSync(join(source, 'src', file), 'utf8'), {
        compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022, esModuleInterop: true },
      });
      writeFileSync(join(app, file.replace(/\.ts$/, '.js')), program.outputText);
    }
    await buildFromDirectory(stage, tag, base);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/**
 * Builds whichever images are missing (of the clients, only `clients` when given; from the Debian
 * release `clientSuite` when given); a warm machine builds nothing.
 */
export async function ensureImages(progress: Progress, clients?: string[], clientSuite?: string): Promise<HarnessImages> {
  const problem = clientSuite && suiteProblem(clientSuite);
  if (problem) throw new SetupError(problem);
  const tags = imageTags(clientSuite);
  for (const [base, suite] of new Map([[tags.base, debianSuite()], [tags.clientBase, tags.clientSuite]])) {
    if (await imageExists(base)) continue;
    if (process.env.HARNESS_BASE_IMAGE === base) throw new SetupError(`HARNESS_BASE_IMAGE=${base} is not present in the engine`);
    progress.info(`building base image ${base} (debootstrap ${suite}, ~30 s on a near mirror)`);
    await buildBase(base, suite);
  }
  // By tag: for the harness's own release the relay's image is the Postfix client's too, built once.
  const wanted = new Map<string, () => Promise<void>>([
    [tags.dns, () => buildFromDirectory(join(CONTAINERS_DIR, 'dns'), tags.dns, tags.base)],
    [tags.sink, () => buildSink(tags.sink, tags.base)],
    [tags.relay, () => buildFromDirectory(CLIENT_MTAS.postfix.imageDir, tags.relay, tags.base)],
    ...Object.values(CLIENT_MTAS).filter((mta) => !clients || clients.includes(mta.kind)).map((mta): [string, () => Promise<void>] =>
      [tags.mtas[mta.kind], () => buildFromDirectory(mta.imageDir, tags.mtas[mta.kind], tags.clientBase)]),
  ]);
  // Asked all at once: on a warm machine this is the whole of it, on every run.
  const present = await Promise.all([...wanted.keys()].map((tag) => imageExists(tag)));
  const builds: Promise<void>[] = [];
  [...wanted].forEach(([tag, build], i) => {
    if (present[i]) return;
    progress.info(`building image ${tag}`);
    builds.push(build());
  });
  await Promise.all(builds);
  return tags;
}
