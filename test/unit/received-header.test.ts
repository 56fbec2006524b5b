import { parseReceived } from '../../harness/mail/received-header';

// Real headers, copied from a run of the failover scenario (Postfix 3.10 relays, the Node sink).
const SINK_HOP = 'from server-one.example-domain.com (unknown [10.213.122.10]) by server-four.example-domain.com (harness-sink) with ESMTP id S1; Tue, 24 Nov 2026 20:12:19 GMT';
const POSTFIX_RELAY = 'from client.example-domain.com (unknown [10.213.122.3]) by server-one.example-domain.com (Postfix) with ESMTP id CE8BC192869 for <inbox@example-domain.com>; Tue, 24 Nov 2026 20:12:19 +0000 (UTC)';
const POSTFIX_LITERAL_HELO = 'from [127.0.0.1] (unknown [10.213.122.1]) by client.example-domain.com (Postfix) with ESMTP id C361B192865 for <inbox@example-domain.com>; Tue, 24 Nov 2026 20:12:19 +0000 (UTC)';
// Postfix with forward-confirmed reverse DNS, folded over lines as it is on the wire.
const POSTFIX_FOLDED = 'from mail1.example.com (mail1.example.com [172.16.10.1])\r\n\tby mx.example.net (Postfix) with ESMTPS id 4Yz1Qx2Rk3z9;\r\n\tMon, 24 Nov 2026 10:00:00 +0100 (CET)';
// Postfix local pickup: no from clause at all.
const POSTFIX_PICKUP = 'by client.example-domain.com (Postfix, from userid 0) id 6F1A2192869; Tue, 24 Nov 2026 20:12:19 +0000 (UTC)';

describe('parseReceived', () => {
  it('should read HELO name, address and receiver from the sink hop', () => {
    expect(parseReceived(SINK_HOP)).toMatchObject({
      fromHelo: 'server-one.example-domain.com',
      fromReverseName: 'unknown',
      fromAddress: '10.213.122.10',
      by: 'server-four.example-domain.com',
      with: 'ESMTP',
      id: 'S1',
    });
  });

  it('should read a Postfix relay header with its for clause and date', () => {
    expect(parseReceived(POSTFIX_RELAY)).toEqual({
      fromHelo: 'client.example-domain.com',
      fromReverseName: 'unknown',
      fromAddress: '10.213.122.3',
      by: 'server-one.example-domain.com',
      with: 'ESMTP',
      id: 'CE8BC192869',
      for: 'inbox@example-domain.com',
      date: 'Tue, 24 Nov 2026 20:12:19 +0000 (UTC)',
    });
  });

  it('should take the address from the comment, not from an address-literal HELO', () => {
    const header = parseReceived(POSTFIX_LITERAL_HELO);
    expect(header.fromHelo).toBe('[127.0.0.1]');
    expect(header.fromAddress).toBe('10.213.122.1');
  });

  it('should unfold a folded header and keep the reverse name', () => {
    expect(parseReceived(POSTFIX_FOLDED)).toMatchObject({
      fromHelo: 'mail1.example.com',
      fromReverseName: 'mail1.example.com',
      fromAddress: '172.16.10.1',
      by: 'mx.example.net',
      with: 'ESMTPS',
      date: 'Mon, 24 Nov 2026 10:00:00 +0100 (CET)',
    });
  });

  it('should leave the from fields empty for a header without a from clause', () => {
    const header = parseReceived(POSTFIX_PICKUP);
    expect(header.fromHelo).toBeUndefined();
    expect(header.fromAddress).toBeUndefined();
    expect(header.by).toBe('client.example-domain.com');
    expect(header.id).toBe('6F1A2192869');
  });
});
