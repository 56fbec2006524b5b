import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { exportCompose } from '../../harness/export/compose-export';
import dropMidData from '../../scenarios/fault-drop-mid-data';

const images = { base: 'mrh/base:1', dns: 'mrh/dns:1', sink: 'mrh/sink:1', relay: 'mrh/postfix:1', mtas: { postfix: 'mrh/postfix:1' }, clientSuite: 'trixie', clientBase: 'mrh/base:1' };

describe('a compose export', () => {
  it('should run a node relay from the Node image, with its name, port and no main.cf', () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-export-'));
    const compose = parse(readFileSync(exportCompose(dropMidData, images, dir), 'utf8'));
    const relay = Object.values(compose.services as Record<string, { image: string; command?: string[]; environment?: Record<string, string>; volumes?: string[] }>)
      .find((service) => service.command?.includes('/opt/sink/node-relay.js'));
    expect(relay).toMatchObject({ image: 'mrh/sink:1', environment: { RELAY_HOSTNAME: 'server-one.example-domain.com', SMTP_PORT: '2525' } });
    expect(relay?.volumes ?? []).toEqual([]);
  });
});
