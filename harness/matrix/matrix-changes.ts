import { clientMta } from '../mta/registry';
import type { MatrixResult } from './conformance-matrix';

/** What changed since an earlier matrix (last night's): each column's version, each cell's verdict. */
export type MatrixChanges = NonNullable<MatrixResult['changesSince']>;

type Column = MatrixResult['clients'][number];
const keyOf = (column: Column) => column.column ?? column.mta;
const titleOf = (column: Column) => `${clientMta(column.mta).title}${column.suite ? ` on ${column.suite}` : ''}`;

/**
 * Compares two matrices cell by cell, by row and column (client, and release when it has one), as
 * the nightly compares its scenarios: a verdict that moved is named with the versions on each side,
 * so a change between nights is told apart from one between releases (releaseChanges).
 */
export function matrixChangesSince(previous: MatrixResult, current: MatrixResult): MatrixChanges {
  const changes: string[] = [];
  const before = new Map(previous.clients.map((column) => [keyOf(column), column]));
  for (const column of current.clients) {
    const old = before.get(keyOf(column));
    if (!old) changes.push(`new column: ${titleOf(column)} (${column.version})`);
    else if (old.version !== column.version) changes.push(`${titleOf(column)}: ${old.version} → ${column.version}`);
  }
  const oldRows = new Map(previous.rows.map((row) => [row.scenario, row]));
  for (const row of current.rows) {
    const old = oldRows.get(row.scenario);
    if (!old) {
      changes.push(`new row: ${row.scenario}`);
      continue;
    }
    for (const column of current.clients) {
      const [was, now] = [old.cells[keyOf(column)], row.cells[keyOf(column)]];
      if (!was || !now || was.verdict === now.verdict) continue;
      const version = (c?: Column) => (c ? ` with ${c.version}` : '');
      changes.push(`${row.scenario} on ${titleOf(column)}: ${was.verdict}${version(before.get(keyOf(column)))} → ${now.verdict}${version(column)}`);
    }
  }
  return { baselineGeneratedAt: previous.generatedAt, changes };
}

/** Whether a parsed file is a matrix.json this harness wrote (a baseline given by hand may not be). */
export function isMatrixResult(value: unknown): value is MatrixResult {
  const matrix = value as Partial<MatrixResult> | null;
  return typeof matrix === 'object' && matrix !== null && typeof matrix.generatedAt === 'string' && Array.isArray(matrix.clients) && Array.isArray(matrix.rows);
}
