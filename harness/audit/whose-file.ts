import { clientKinds, clientMta } from '../mta/registry';

/**
 * The first client MTA (other than `except`) whose own reader takes the text: what to tell an admin
 * who gave a file to the wrong MTA (test/unit/whose-file.test.ts).
 */
export function whoseFile(text: string, file: string, except?: string): string | undefined {
  return clientKinds().find((mta) => {
    if (mta === except) return false;
    try {
      return clientMta(mta).readConfig?.(text, file) !== undefined;
    } catch {
      return false;
    }
  });
}
