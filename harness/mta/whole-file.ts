import { rememberOrigin } from '../files/file-origin';
import type { ClientChoice } from './client-mta';

/**
 * readConfig for an MTA that runs a site's whole file as written: the MTA's own reader checks it
 * (throwing a sentence that names the line), and the text is remembered with its file for NOTEs.
 */
export const readWholeFile = (check: (text: string, file: string) => unknown) => (text: string, file: string): Omit<ClientChoice, 'mta'> => {
  check(text, file);
  rememberOrigin(text, { file });
  return { settings: {}, config: text };
};
