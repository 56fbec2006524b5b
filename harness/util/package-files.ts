import { join, resolve, sep } from 'node:path';

/** The package's own folder: above harness/ from the sources, above dist/ from the compiled package. */
export const PACKAGE_ROOT = (() => {
  let dir = resolve(__dirname, '../..');
  if (dir.endsWith(`${sep}dist`)) dir = resolve(dir, '..');
  return dir;
})();

/**
 * A folder of files that ship as they are (an image's build context), seen from a module's own
 * folder: in the compiled package the module is under dist/, its files are not.
 */
export function shippedDir(moduleDir: string, name: string): string {
  const compiled = join(PACKAGE_ROOT, 'dist') + sep;
  const source = moduleDir.startsWith(compiled) ? join(PACKAGE_ROOT, moduleDir.slice(compiled.length)) : moduleDir;
  return join(source, name);
}
