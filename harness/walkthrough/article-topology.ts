import failover from '../../scenarios/failover';
import { send, stop } from '../scenario/steps';
import { everyMessageDeliveredExactlyOnce, Expectation } from '../scenario/expectations';
import type { ScenarioDefinition } from '../scenario/define-scenario';

/** The article's container names (its compose project "article"), by the harness's member names. */
export const ARTICLE_CONTAINER_NAMES: Record<string, string> = {
  dns: 'article_dns',
  client: 'article_client',
  'server-one': 'article_server1',
  'server-two': 'article_server2',
  'server-three': 'article_server3',
  'server-four': 'article_server4',
};

/** What the article does: one mail, stop server one, six more. */
export const ARTICLE_MAILS_BEFORE_STOP = 1;
export const ARTICLE_MAILS_AFTER_STOP = 6;
export const ARTICLE_RECIPIENT = 'dummy@example-domain.com';
export const STOPPED_SERVER = 'server-one';
/** Where `podman exec -it article_client /bin/bash` lands, with ./senddummy.sh beside it. */
export const CLIENT_HOME = '/root';
export const SENT_COUNTER = `${CLIENT_HOME}/.senddummy-count`;

/**
 * The article's ./senddummy.sh: one mail through the client's Postfix with sendmail. Each mail is
 * numbered, so that the harness can tell which relay carried mail 1, 2, ... 7.
 */
export function senddummyScript(domain: string, recipient: string, idPrefix = 'article'): string {
  return `#!/bin/sh
# Sends one dummy mail through this client's Postfix (the article's ./senddummy.sh).
set -e
n=$(( $(cat ${SENT_COUNTER} 2>/dev/null || echo 0) + 1 ))
echo "$n" > ${SENT_COUNTER}
sendmail -t <<MAIL
From: root@client.${domain}
To: ${recipient}
Subject: dummy mail $n
Message-ID: <${idPrefix}-$n.\${ARTICLE_RUN:-compose}@client.${domain}>
X-Harness-Id: ${idPrefix}-$n

Dummy mail $n, sent by ./senddummy.sh.
MAIL
echo "dummy mail $n handed to Postfix"
`;
}

/** The reader followed the article: at least one mail before the stop and six after it. */
function readerFollowedTheArticle(before: number, after: number): Expectation {
  const description = `the reader sent ${ARTICLE_MAILS_BEFORE_STOP} mail before stopping article_server1 and ${ARTICLE_MAILS_AFTER_STOP} after`;
  const detail = `${before} before, ${after} after`;
  const passed = before >= ARTICLE_MAILS_BEFORE_STOP && after >= ARTICLE_MAILS_AFTER_STOP;
  return { description, judge: () => ({ description, passed, detail }) };
}

/** The failover scenario as the reader actually played it: what was sent before and after the stop. */
export function articleScenario(before: number, after: number): ScenarioDefinition {
  return {
    ...failover,
    name: 'walkthrough',
    description: "the article's podman walkthrough, played by a reader",
    recipient: ARTICLE_RECIPIENT,
    steps: [
      send(before, { expectCarriedBy: 'server-one' }),
      stop(STOPPED_SERVER),
      send(after, { expectCarriedBy: ['server-two', 'server-three'] }),
    ],
    expect: [readerFollowedTheArticle(before, after), everyMessageDeliveredExactlyOnce()],
  };
}

/** "two or three": how the article names the relays it expects. */
export function articleSays(expected: string[]): string {
  const words: Record<string, string> = { 'server-one': 'one', 'server-two': 'two', 'server-three': 'three' };
  const named = expected.map((name) => words[name] ?? name);
  return named.length === 1 ? `server ${named[0]}` : named.join(' or ');
}
