import { randomBytes } from 'node:crypto';
import { engineApi } from '../engine/engine-api';
import { ensureEngine } from '../engine/container-engine';
import { ensureImages } from '../engine/image-builder';
import { engineCli } from '../engine/engine-choice';
import type { StartedTopology } from '../topology/topology';
import { withTopology } from '../topology/topology-fixture';
import type { HarnessContainer } from '../containers/harness-container';
import { attribute } from '../mail/attribution';
import type { SentMessage } from '../mail/mail-sender';
import type { SinkMessage } from '../containers/sink-container';
import { StoryPlayer } from '../scenario/story-player';
import type { ScenarioResult } from '../report/scenario-result';
import { SetupError } from '../util/errors';
import { sleep } from '../util/wait-until';
import {
  ARTICLE_CONTAINER_NAMES, ARTICLE_MAILS_AFTER_STOP, ARTICLE_MAILS_BEFORE_STOP, ARTICLE_RECIPIENT, CLIENT_HOME, SENT_COUNTER,
  STOPPED_SERVER, articleSays, articleScenario, senddummyScript,
} from './article-topology';
import type { ArticleReader } from './article-reader';

export interface WalkthroughOptions {
  /** Who types the article's commands: a person in a second terminal, or the harness itself. */
  reader: ArticleReader;
  /** How long to wait for the reader at each step. */
  readerTimeoutMs: number;
  keep?: boolean;
  /** Where the walkthrough talks to the reader. */
  say: (line: string) => void;
}

const POLL_MS = 200;
const SETTLE_MS = 20_000;
const TOTAL = ARTICLE_MAILS_BEFORE_STOP + ARTICLE_MAILS_AFTER_STOP;

/** The article's container names must be free: a second walkthrough would take them. */
async function assertArticleNamesFree(): Promise<void> {
  const dockerode = await engineApi();
  const names = Object.values(ARTICLE_CONTAINER_NAMES);
  const existing = await dockerode.listContainers({ all: true, filters: JSON.stringify({ name: names }) });
  const taken = existing.flatMap((info) => info.Names.map((name) => name.replace(/^\//, ''))).filter((name) => names.includes(name));
  if (taken.length > 0) {
    throw new SetupError(`${taken[0]} already exists: a walkthrough is up already (remove it with npm run clean, or ${engineCli()} rm -f ${taken.join(' ')})`);
  }
}

/** The article's "Complete setup", live: bring it up, let the reader play it, judge what happened. */
export async function runWalkthrough(options: WalkthroughOptions): Promise<ScenarioResult> {
  const startedAt = Date.now();
  const { say } = options;
  await ensureEngine({ info: say });
  const images = await ensureImages({ info: say });
  await assertArticleNamesFree();
  const scenario = articleScenario(ARTICLE_MAILS_BEFORE_STOP, ARTICLE_MAILS_AFTER_STOP);
  const runId = `mrh-walkthrough-${randomBytes(3).toString('hex')}`;
  say(`bringing up the article's topology on ${engineCli()} (${Object.values(ARTICLE_CONTAINER_NAMES).join(', ')})`);
  const plan = {
    ...scenario,
    runId,
    scenario: scenario.name,
    stoppedByAStep: new Set([STOPPED_SERVER]),
    containerNames: ARTICLE_CONTAINER_NAMES,
    customizeClient: (client: HarnessContainer) =>
      client.withHostname('client').withWorkingDir(CLIENT_HOME).withEnvironment({ ARTICLE_RUN: runId })
        .withScript(`${CLIENT_HOME}/senddummy.sh`, senddummyScript(scenario.domain, ARTICLE_RECIPIENT)),
  };
  return withTopology(plan, images, { progress: { info: say }, keep: options.keep, keptNames: Object.values(ARTICLE_CONTAINER_NAMES).join(' ') }, async ({ topology }, watch) => {
    say(`up: ${topology.members().map(([name, c]) => `${ARTICLE_CONTAINER_NAMES[name]} ${c.address}`).join(', ')}`);
    const mails = await watch.guard(new ReaderSession(topology, options).play());
    return watch.guard(judge(topology, runId, mails, Date.now() - startedAt));
  });
}

/** What the reader did: how many mails before the stop, and in all. */
interface ReaderMails {
  beforeStop: number;
  total: number;
}

/** Follows the reader step by step, watching the sink and the containers, saying what it sees. */
class ReaderSession {
  private readonly arrived = new Map<number, SinkMessage>();
  private stopAt: number | undefined;
  private lastSeq = 0;

  constructor(
    private readonly topology: StartedTopology,
    private readonly options: WalkthroughOptions,
  ) {}

  async play(): Promise<ReaderMails> {
    const { reader } = this.options;
    await reader.sendMails(ARTICLE_MAILS_BEFORE_STOP);
    await this.until(`mail 1 at server four`, () => this.arrived.size >= ARTICLE_MAILS_BEFORE_STOP);
    await reader.stopServerOne();
    const serverOne = this.topology.server(STOPPED_SERVER);
    await this.until('article_server1 to stop', async () => !(await serverOne.isRunning()));
    const beforeStop = await this.sentSoFar();
    this.stopAt = beforeStop;
    this.options.say(`article_server1 is stopped (after ${beforeStop} mail${beforeStop === 1 ? '' : 's'})`);
    await reader.sendMails(ARTICLE_MAILS_AFTER_STOP);
    await this.until(`${ARTICLE_MAILS_AFTER_STOP} mails sent after the stop at server four`,
      () => [...this.arrived.keys()].filter((n) => n > beforeStop).length >= ARTICLE_MAILS_AFTER_STOP);
    const total = await this.sentSoFar();
    // Mail the reader sent beyond the article's seven gets its settle time too.
    await this.until('every mail sent to arrive', () => this.arrived.size >= total, SETTLE_MS).catch(() => undefined);
    return { beforeStop, total };
  }

  /** The client's own count of ./senddummy.sh runs. */
  private async sentSoFar(): Promise<number> {
    const output = await this.topology.client.exec(['cat', SENT_COUNTER]);
    return Number(output.stdout.trim()) || 0;
  }

  /** Watches the sink until `done`, saying which relay carried each new mail; bounded by the reader timeout. */
  private async until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = this.options.readerTimeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.watchSink();
      if (await done()) return;
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${Math.round(timeoutMs / 1000)} s`);
      await sleep(POLL_MS);
    }
  }

  private async watchSink(): Promise<void> {
    const [sink] = this.topology.sinks();
    for (const message of await sink.messages(this.lastSeq).catch(() => [] as SinkMessage[])) {
      this.lastSeq = message.seq;
      const number = Number(/^article-(\d+)$/.exec(message.harnessId ?? '')?.[1]);
      if (!number) continue;
      this.arrived.set(number, message);
      const carrier = attribute(message.received, message.peerAddress, this.topology.identities).carriedBy ?? `an unknown host [${message.peerAddress}]`;
      const expected = this.stopAt === undefined || number <= this.stopAt ? ['server-one'] : ['server-two', 'server-three'];
      const agrees = expected.includes(carrier);
      this.options.say(`mail ${number} of ${TOTAL}: carried by ${carrier}, ${agrees ? 'as the article says' : 'NOT as the article says'}: ${articleSays(expected)}`);
    }
  }
}

/** The same verdict as `npm run scenario failover`, on the mail the reader sent. */
async function judge(topology: StartedTopology, runId: string, mails: ReaderMails, durationMs: number): Promise<ScenarioResult> {
  const scenario = articleScenario(mails.beforeStop, mails.total - mails.beforeStop);
  const player = new StoryPlayer(scenario, topology, runId, { info: () => undefined });
  try {
    const queueIds = queueIdsByMessageId(await topology.client.logText());
    const sent: SentMessage[] = Array.from({ length: mails.total }, (_, i) => {
      const messageId = `<article-${i + 1}.${runId}@client.example-domain.com>`;
      return { id: `article-${i + 1}`, messageId, queueId: queueIds.get(messageId) ?? null };
    });
    player.recordSubmitted(sent.slice(0, mails.beforeStop), 0);
    player.recordSubmitted(sent.slice(mails.beforeStop), 2);
    return await player.verdict(durationMs);
  } finally {
    player.close();
  }
}

/** Postfix's cleanup logs each message's Message-ID with its queue id. */
function queueIdsByMessageId(log: string): Map<string, string> {
  const ids = new Map<string, string>();
  for (const match of log.matchAll(/postfix\/cleanup\[\d+\]: ([0-9A-Za-z]+): message-id=(<[^>]+>)/g)) ids.set(match[2], match[1]);
  return ids;
}
