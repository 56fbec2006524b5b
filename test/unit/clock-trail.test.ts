import { longestTrailMs } from '../e2e/clock-trail';

describe('longestTrailMs', () => {
  it('is 0 for stamps in order', () => {
    expect(longestTrailMs([1000, 1000, 2000, 5000])).toBe(0);
  });

  it('is the second a whole-second stamp written just after the next one trails by', () => {
    expect(longestTrailMs([1000, 3000, 2000, 4000])).toBe(1000);
  });

  it('is minutes for a process on real time among ones at 60× (negative twin)', () => {
    expect(longestTrailMs([0, 200_000, 5_000, 300_000])).toBe(195_000);
  });
});
