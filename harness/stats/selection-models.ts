import { RandomSource, shuffled } from './random-source';

/** One SRV record among those of the lowest priority that answers. */
export interface WeightedTarget {
  target: string;
  weight: number;
}

/** The share of first attempts each target gets, by target name. */
export type Distribution = Record<string, number>;

export type SrvModel = 'rfc2782-ideal' | 'rfc2782-literal' | 'postfix';

export const SRV_MODELS: Record<SrvModel, string> = {
  'rfc2782-ideal': "RFC 2782's intent, share = wᵢ/W",
  'rfc2782-literal': "RFC 2782's procedure as written: weight-0 records first, random in 0..W",
  // Read from src/dns/dns_rr.c of Postfix 3.10 (the SRV code came in 3.8 and has not changed
  // since); the nightly run against Debian's newest Postfix says when a release departs from it.
  postfix: "Postfix 3.8–3.10's dns_srv_rr_sort (weight_order): shuffle, then random in 0..W, first pick (wᵢ + 1/n)/(W + 1)",
};

function merge(targets: WeightedTarget[], share: (t: WeightedTarget) => number): Distribution {
  const distribution: Distribution = {};
  for (const target of targets) distribution[target.target] = (distribution[target.target] ?? 0) + share(target);
  return distribution;
}

/** The expected first-pick distribution over one priority's records under a model. */
export function srvDistribution(targets: WeightedTarget[], model: SrvModel): Distribution {
  const n = targets.length;
  const total = targets.reduce((sum, t) => sum + t.weight, 0);
  const zeros = targets.filter((t) => t.weight === 0).length;
  switch (model) {
    case 'rfc2782-ideal':
      return merge(targets, (t) => (total === 0 ? 1 / n : t.weight / total));
    case 'postfix':
      return merge(targets, (t) => (t.weight + 1 / n) / (total + 1));
    case 'rfc2782-literal':
      // r = 0 picks the head of the list: a weight-0 record when there is one, else any record.
      return merge(targets, (t) =>
        zeros > 0 ? (t.weight === 0 ? 1 / zeros : t.weight) / (total + 1) : (t.weight + 1 / n) / (total + 1),
      );
  }
}

/** One first pick by the model's own procedure, for simulations that check the formulas. */
export function srvPick(targets: WeightedTarget[], model: SrvModel, random: RandomSource): string {
  const total = targets.reduce((sum, t) => sum + t.weight, 0);
  if (model === 'rfc2782-ideal') {
    if (total === 0) return targets[Math.floor(random() * targets.length)].target;
    let r = random() * total;
    for (const t of targets) if ((r -= t.weight) < 0) return t.target;
    return targets[targets.length - 1].target;
  }
  let order = shuffled(targets, random);
  if (model === 'rfc2782-literal') order = [...order.filter((t) => t.weight === 0), ...order.filter((t) => t.weight > 0)];
  const r = Math.floor(random() * (total + 1));
  let running = 0;
  for (const t of order) {
    running += t.weight;
    if (running >= r) return t.target;
  }
  return order[order.length - 1].target;
}

/** Equal-preference MX in Postfix: the addresses of all hosts are shuffled together, so a host's share is its share of addresses. */
export function mxAddressDistribution(addressesPerHost: Record<string, number>): Distribution {
  const total = Object.values(addressesPerHost).reduce((sum, n) => sum + n, 0);
  return Object.fromEntries(Object.entries(addressesPerHost).map(([host, n]) => [host, n / total]));
}

/** Equal-preference MX, one pick per host name (what a per-host shuffle would give). */
export function mxHostDistribution(hosts: string[]): Distribution {
  return Object.fromEntries(hosts.map((host) => [host, 1 / hosts.length]));
}
