import { ensureEngine } from '../harness/engine/container-engine';
import { ensureImages } from '../harness/engine/image-builder';
import { consoleProgress } from '../harness/util/progress';

/** Engine and images once, before any e2e test, so that a cold build is not charged to one test. */
export default async function globalSetup(): Promise<void> {
  if (process.argv.some((arg) => /test\/unit/.test(arg))) return;
  await ensureEngine(consoleProgress());
  await ensureImages(consoleProgress());
}
