/**
 * Docker 20.10 counts a network's endpoints in one stored number that concurrent changes can push
 * too high (libnetwork's endpoint_cnt.go: an increment retried after a "key modified" re-applies
 * itself to a value that already holds it). A network so counted refuses removal ("has active
 * endpoints", none listed) until dockerd restarts: seen in CI after a fresh six-container start,
 * and reproduced here, once in about fifty parallel starts on a busy machine. So whatever gives a
 * run's network an endpoint (a start, a restart, a reconnect) takes its turn, one at a time per
 * network in this process; removals only lower the count and stay parallel.
 */
const lastTurn = new Map<string, Promise<void>>();

/** Waits until the network is this caller's to add an endpoint to; the function returned gives it back. */
export async function endpointTurn(network: string): Promise<() => void> {
  const before = lastTurn.get(network) ?? Promise.resolve();
  let giveBack!: () => void;
  const mine = new Promise<void>((resolve) => (giveBack = resolve));
  const chained = before.then(() => mine);
  lastTurn.set(network, chained);
  await before;
  let given = false;
  return () => {
    if (given) return;
    given = true;
    giveBack();
    // The last holder leaves no entry behind: a long process meets many networks.
    if (lastTurn.get(network) === chained) lastTurn.delete(network);
  };
}

/** Runs `add` (an engine call that gives the network an endpoint) in the network's turn. */
export async function inEndpointTurn<T>(network: string | undefined, add: () => Promise<T>): Promise<T> {
  if (!network) return add();
  const giveBack = await endpointTurn(network);
  try {
    return await add();
  } finally {
    giveBack();
  }
}
