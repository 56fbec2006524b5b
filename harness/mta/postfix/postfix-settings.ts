/** main.cf settings as `name = value` pairs, rendered in order. */
export type MainCf = Record<string, string>;

/**
 * Test-friendly timing. Postfix's defaults (30 s connect timeout, 300 s backoff and queue
 * runs) would make a dead relay cost minutes; a scenario may override any of these.
 */
export const TEST_TIMING: MainCf = {
  smtp_connect_timeout: '1s',
  // Every stage a fault can stall at, not only the connect: a frozen relay costs one of these.
  smtp_helo_timeout: '5s',
  smtp_mail_timeout: '5s',
  smtp_rcpt_timeout: '5s',
  smtp_data_init_timeout: '5s',
  smtp_data_xfer_timeout: '5s',
  smtp_data_done_timeout: '5s',
  queue_run_delay: '1s',
  // Not 1 s: a deferred message due again before its delivery agent has let go of it is "skipped,
  // still being delivered" by the queue manager and then sits in the incoming queue (seen once in
  // fault-dns-down, 12 s and counting).
  minimal_backoff_time: '2s',
  maximal_backoff_time: '4s',
  in_flow_delay: '0',
  // A delivery agent that dies (the smtp client's fatal on a bad next hop, a Postfix killed under
  // it) makes the master throttle its service and the queue manager leave its transport alone for
  // 60 s each: longer than a scenario's settle time, and across runs on a kept topology.
  service_throttle_time: '1s',
  transport_retry_time: '1s',
  // Start at full concurrency: the default (5) makes a sixth parallel message wait a queue run.
  initial_destination_concurrency: '20',
  delay_warning_time: '0h',
};

/** A timing setting of Postfix's: a timeout, a backoff, a queue run's delay or any other time limit. */
export const isPostfixTimingSetting = (name: string): boolean => name in TEST_TIMING || /_(timeout|time|delay|time_limit)$/.test(name);

/**
 * The same for every Postfix in a run: no local delivery, no TLS, log to stdout for `docker logs`;
 * the harness's test timing unless the client runs at shipped or its own timing.
 */
export function commonSettings(hostname: string, subnet: string, testTiming = true): MainCf {
  return {
    compatibility_level: '3.10',
    myhostname: hostname,
    mydomain: hostname.split('.').slice(1).join('.') || hostname,
    myorigin: '$myhostname',
    mydestination: '',
    mynetworks: `127.0.0.0/8 ${subnet}`,
    inet_interfaces: 'all',
    inet_protocols: 'ipv4',
    alias_maps: '',
    alias_database: '',
    local_transport: 'error:local delivery is disabled',
    smtpd_tls_security_level: 'none',
    smtp_tls_security_level: 'none',
    maillog_file: '/dev/stdout',
    biff: 'no',
    ...(testTiming ? TEST_TIMING : {}),
  };
}

/**
 * What the harness must set whatever a scenario's main.cf file says: the run's host name, a
 * listener on the run's network, IPv4 (the run has no IPv6), and the log on stdout (the harness
 * reads it there). Settings written in the scenario itself are the author's word and kept.
 */
export const OWNED_SETTINGS: readonly string[] = ['myhostname', 'inet_interfaces', 'inet_protocols', 'maillog_file'];

/**
 * Per setting of a scenario's own main.cf, what the run does with it that the user should know:
 * the harness's value is used instead, or a slower value than the test timing is kept.
 */
export function mainCfNotes(settings: MainCf): Record<string, string> {
  const notes: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings)) {
    if (OWNED_SETTINGS.includes(name)) notes[name] = `the harness's ${name} is used instead (it ${name === 'maillog_file' ? 'reads the log on stdout' : 'owns the run\'s names and listener'})`;
    else if (name in TEST_TIMING && value !== TEST_TIMING[name]) notes[name] = `kept, against the harness's test timing of ${TEST_TIMING[name]}: a fault that waits on it costs up to ${value}`;
  }
  return notes;
}

export function renderMainCf(settings: MainCf): string {
  return Object.entries(settings)
    .map(([name, value]) => `${name} = ${value}`)
    .join('\n') + '\n';
}
