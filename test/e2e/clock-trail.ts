/**
 * How far any log stamp falls behind the latest stamp before it, in ms. Processes on one faked
 * clock write side by side, so a stamp may trail by the real ms between stamping and writing
 * (times the speed) plus a whole-second stamp's rounding; a process on real time would trail by
 * minutes.
 */
export function longestTrailMs(times: number[]): number {
  let latest = -Infinity;
  let longest = 0;
  for (const time of times) {
    longest = Math.max(longest, latest - time);
    latest = Math.max(latest, time);
  }
  return longest;
}
