import { attribute, ServerIdentity } from '../../harness/mail/attribution';

const servers: ServerIdentity[] = [
  { name: 'server-one', hostname: 'server-one.example-domain.com', address: '10.213.5.10' },
  { name: 'server-two', hostname: 'server-two.example-domain.com', address: '10.213.5.11' },
];
const hop = (helo: string, address: string) => `from ${helo} (unknown [${address}]) by server-four.example-domain.com (harness-sink) with ESMTP id S1; Tue, 24 Nov 2026 20:12:19 GMT`;
const relayStamp = (by: string) => `from client.example-domain.com (unknown [10.213.5.3]) by ${by} (Postfix) with ESMTP id AB12 for <inbox@example-domain.com>; Tue, 24 Nov 2026 20:12:19 +0000 (UTC)`;

describe('attribute', () => {
  it('should name the server whose address, HELO and own stamp agree', () => {
    const received = [hop('server-two.example-domain.com', '10.213.5.11'), relayStamp('server-two.example-domain.com')];
    expect(attribute(received, '10.213.5.11', servers)).toEqual({ carriedBy: 'server-two' });
  });

  it('should flag an address the topology does not know', () => {
    const result = attribute([hop('rogue.example.net', '10.213.5.99')], '10.213.5.99', servers);
    expect(result.carriedBy).toBeNull();
    expect(result.problem).toBe('was carried by an unknown host rogue.example.net [10.213.5.99]');
  });

  it('should flag a HELO name that belongs to another server', () => {
    const result = attribute([hop('server-one.example-domain.com', '10.213.5.11')], '10.213.5.11', servers);
    expect(result.carriedBy).toBeNull();
    expect(result.problem).toMatch(/server-two.*HELO server-one/);
  });

  it('should flag a header address that differs from the peer the sink saw', () => {
    const result = attribute([hop('server-two.example-domain.com', '10.213.5.11')], '10.213.5.10', servers);
    expect(result.carriedBy).toBeNull();
    expect(result.problem).toMatch(/sink saw the peer 10.213.5.10/);
  });

  it("should flag a relay whose own Received stamp names another host", () => {
    const received = [hop('server-two.example-domain.com', '10.213.5.11'), relayStamp('server-one.example-domain.com')];
    expect(attribute(received, '10.213.5.11', servers).problem).toMatch(/says "by server-one/);
  });

  it('should refuse a message with no Received header', () => {
    expect(attribute([], '10.213.5.11', servers)).toEqual({ carriedBy: null, problem: 'has no Received header' });
  });
});
