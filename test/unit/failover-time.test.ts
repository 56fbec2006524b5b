import { failoverTimes } from '../../harness/mail/failover-time';
import type { MessageOutcome, Delivery } from '../../harness/mail/message-outcome';
import type { FaultRecord } from '../../harness/topology/fault-injector';
import type { ServerIdentity } from '../../harness/mail/attribution';

const servers: ServerIdentity[] = ['one', 'two'].map((n, i) => ({ name: `server-${n}`, hostname: `server-${n}.example-domain.com`, address: `10.213.5.${10 + i}` }));
const start = Date.parse('2026-11-25T01:00:00.000Z');
const at = (ms: number) => new Date(start + ms).toISOString();
const delivery = (carriedBy: string, ms: number) => ({ carriedBy, deliveredAt: at(ms), peerAddress: '', received: [], reverseDns: { ptr: [], forwardConfirmed: false } }) as Delivery;
const message = (id: string, deliveries: Delivery[], triedServerOne: boolean): MessageOutcome => ({
  id, messageId: id, queueId: null, step: 2, expectCarriedBy: null, status: deliveries.length > 1 ? 'duplicated' : 'delivered', deliveries,
  attempts: triedServerOne ? [{ host: 'server-one.example-domain.com', address: '10.213.5.10', result: 'timed out', at: at(9000) }] : [],
});
const timeouts = { greeting: 'smtp_helo_timeout = 5s', 'end-of-data': 'smtp_data_done_timeout = 5s', connect: 'smtp_connect_timeout = 1s' };

describe('time-to-failover', () => {
  it('should measure from the fault to the first message another relay carried after trying the faulted one', () => {
    const faults: FaultRecord[] = [{ server: 'server-one', fault: 'pause', startMs: 8000 }];
    const [time] = failoverTimes(faults, [message('m-2', [delivery('server-two', 13_300)], true), message('m-3', [delivery('server-two', 14_000)], true)], start, servers, timeouts);
    expect(time).toMatchObject({ server: 'server-one', fault: 'pause', failoverMs: 5300, carriedBy: 'server-two', clientTimeout: 'smtp_helo_timeout = 5s' });
  });

  it('should name the timeout a delayed SMTP stage costs, and count a duplicate by its copy from the other relay', () => {
    const faults: FaultRecord[] = [{ server: 'server-one', fault: 'smtp end-of-data', startMs: 8000, costs: 'end-of-data' }];
    const [time] = failoverTimes(faults, [message('m-2', [delivery('server-two', 13_600), delivery('server-one', 16_200)], true)], start, servers, timeouts);
    expect(time).toMatchObject({ failoverMs: 5600, carriedBy: 'server-two', clientTimeout: 'smtp_data_done_timeout = 5s' });
  });

  it('should say no relay went round a fault when no message that tried it was carried elsewhere', () => {
    const faults: FaultRecord[] = [{ server: 'server-one', fault: 'smtp end-of-data', startMs: 8000 }];
    expect(failoverTimes(faults, [message('m-2', [delivery('server-one', 9000)], false)], start, servers, timeouts)[0].failoverMs).toBeNull();
  });

  // The matrix's "not exercised" rests on these: a fault no message's trail shows a try at.
  it('should count the messages whose trail shows a try at the faulted server, out of those with a trail', () => {
    const faults: FaultRecord[] = [{ server: 'server-one', fault: 'refuse', startMs: 8000 }];
    const sentToTwo = (id: string) => ({ ...message(id, [delivery('server-two', 9000)], false), attempts: [{ host: 'server-two.example-domain.com', address: '10.213.5.11', result: 'sent' as const, at: at(9000) }] });
    expect(failoverTimes(faults, [sentToTwo('m-1'), sentToTwo('m-2')], start, servers, timeouts)[0]).toMatchObject({ metBy: 0, trailed: 2 });
    expect(failoverTimes(faults, [sentToTwo('m-1'), message('m-2', [delivery('server-two', 9500)], true)], start, servers, timeouts)[0]).toMatchObject({ metBy: 1, trailed: 2 });
    expect(failoverTimes(faults, [message('m-1', [delivery('server-two', 9000)], false)], start, servers, timeouts)[0]).toMatchObject({ metBy: 0, trailed: 0 });
  });

  it("should count a session the client's log names begun to the faulted server while it was broken, though no message's trail shows it", () => {
    const faults: FaultRecord[] = [{ server: 'server-one', fault: 'kill', startMs: 8000 }];
    const carried = [message('m-1', [delivery('server-two', 9000)], false)];
    const begun = (address: string, ms: number) => ({ address, at: at(ms) });
    expect(failoverTimes(faults, carried, start, servers, timeouts, undefined, [begun('10.213.5.11', 8500)])[0]).toMatchObject({ metBy: 0, trailed: 1 });
    expect(failoverTimes(faults, carried, start, servers, timeouts, undefined, [begun('10.213.5.10', 8500), begun('10.213.5.11', 8600)])[0]).toMatchObject({ metBy: 1, trailed: 2 });
    // Before the fault, a session to it met nothing.
    expect(failoverTimes(faults, carried, start, servers, timeouts, undefined, [begun('10.213.5.10', 7000)])[0]).toMatchObject({ metBy: 0 });
  });

  it('should not call a carrier broken itself when the message met the fault a way round it', () => {
    // Both refused from 8 s, server-two healed at 12 s and carrying then: the message waited for it.
    const both: FaultRecord[] = [{ server: 'server-one', fault: 'refuse', startMs: 8000 }, { server: 'server-two', fault: 'refuse', startMs: 8000, healedMs: 12_000 }];
    const waited = message('m-2', [delivery('server-two', 12_500)], true);
    expect(failoverTimes(both, [waited], start, servers, timeouts)[0]).toMatchObject({ server: 'server-one', failoverMs: null });
    // server-two broken only after the message had gone round: it did go round.
    const later: FaultRecord[] = [both[0], { server: 'server-two', fault: 'refuse', startMs: 13_000 }];
    expect(failoverTimes(later, [waited], start, servers, timeouts)[0]).toMatchObject({ failoverMs: 4500, carriedBy: 'server-two' });
  });
});
