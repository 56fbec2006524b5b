/** One record of a zone as BIND reads it: owner and target names absolute, lower case, no final dot. */
export interface ZoneRecord {
  owner: string;
  type: string;
  data: string[];
}

const absolute = (name: string) => name.toLowerCase().replace(/\.$/, '');

/** named-compilezone's "full" output, one record a line (`owner. ttl IN TYPE data`), as records. */
export function parseCompiledZone(text: string): ZoneRecord[] {
  return text.split('\n').map((line) => line.trim().split(/\s+/)).filter((fields) => fields.length >= 5 && fields[2] === 'IN')
    .map(([owner, , , type, ...data]) => ({ owner: absolute(owner), type, data }));
}

/** What a client asks of a zone: MX, SRV and address records by name, as a resolver answers them. */
export class ZoneRecords {
  constructor(readonly records: ZoneRecord[]) {}

  private of(name: string, type: string): string[][] {
    return this.records.filter((record) => record.owner === absolute(name) && record.type === type).map((record) => record.data);
  }

  /** MX targets by preference, e.g. [{ preference: 10, host: 'mail.example.com' }]; "." a null MX. */
  mx(name: string): { preference: number; host: string }[] {
    return this.of(name, 'MX').map(([preference, host]) => ({ preference: Number(preference), host: absolute(host) })).sort((a, b) => a.preference - b.preference);
  }

  srv(name: string): { priority: number; weight: number; port: number; host: string }[] {
    return this.of(name, 'SRV').map(([priority, weight, port, host]) => ({ priority: Number(priority), weight: Number(weight), port: Number(port), host: absolute(host) }))
      .sort((a, b) => a.priority - b.priority);
  }

  /** The addresses of a zone's name servers (its NS records' targets). */
  nameServerAddresses(zone: string): string[] {
    return this.of(zone, 'NS').flatMap(([host]) => this.addresses(host));
  }

  addresses(name: string): string[] {
    return this.of(name, 'A').map(([address]) => address);
  }

  /** The names whose A record is this address, in the zone's order. */
  namesAt(address: string): string[] {
    return this.records.filter((record) => record.type === 'A' && record.data[0] === address).map((record) => record.owner.replace(/\.$/, ''));
  }
}
