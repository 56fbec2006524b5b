import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { whoseFile } from '../../harness/audit/whose-file';

const FIXTURES = join(__dirname, '../fixtures/audit');
const read = (file: string) => readFileSync(join(FIXTURES, file), 'utf8');

// A file given to the wrong MTA is told which MTA's it is: each MTA's own reader decides.
describe('whose file a client configuration is', () => {
  it.each([
    ['exim4.conf', 'exim'],
    ['opensmtpd/smtpd.conf', 'opensmtpd'],
    ['sendmail/sendmail.mc', 'sendmail'],
    ['main.cf', 'postfix'],
  ])('should read %s as %s when Postfix (or another) refused it', (file, mta) => {
    const except = mta === 'postfix' ? 'opensmtpd' : 'postfix';
    expect(whoseFile(read(file), file, except)).toBe(mta);
  });

  it("should name no MTA for a file none reads (a zone), nor the MTA that already refused it", () => {
    expect(whoseFile(read('example.com.zone'), 'example.com.zone')).toBeUndefined();
    expect(whoseFile(read('sendmail/sendmail.mc'), 'sendmail.mc', 'sendmail')).toBeUndefined();
  });
});
