const UNIT_S: Record<string, number> = { w: 604_800, d: 86_400, h: 3600, m: 60, s: 1 };

/**
 * An MTA's duration as its file writes it (30s, 5m, 1h30m, Exim's spec 6.15 and Sendmail's op.me
 * alike) in seconds; a bare number is `bareUnit`s (Exim: seconds; Sendmail's Timeout options: minutes).
 */
export function durationSeconds(value: string, bareUnit: 's' | 'm' = 's'): number | undefined {
  if (/^\d+$/.test(value)) return Number(value) * UNIT_S[bareUnit];
  const parts = [...value.matchAll(/(\d+)([wdhms])/g)];
  if (!parts.length || parts.map((part) => part[0]).join('') !== value) return undefined;
  return parts.reduce((sum, [, n, u]) => sum + Number(n) * UNIT_S[u], 0);
}
