/**
 * The full suite (`npm run test:full`, the nightly): every cell and variant. CI plays a sample of
 * the slow ones, each chosen so that every kind of claim still meets its real run.
 */
export const FULL_SUITE = process.env.HARNESS_SUITE === 'full';
