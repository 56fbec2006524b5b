/**
 * How the harness's mail enters the client: over the run's network from the engine's gateway
 * (`network`), or from the client host itself (`loopback`), as its local users' mail does — for a
 * site's own file that relays only for local senders (OpenSMTPD's stock `match from local`).
 */
export const CLIENT_SUBMISSIONS = ['network', 'loopback'] as const;
export type ClientSubmission = (typeof CLIENT_SUBMISSIONS)[number];

/**
 * The client's port that hands each connection on to its own 127.0.0.1:25 (socat, started by the
 * image's entrypoint before the MTA): the client sees a connection from loopback, and the harness
 * still speaks SMTP itself and reads the queue id from the reply.
 */
export const LOOPBACK_SUBMISSION_PORT = 10587;
export const submissionPort = (submission: ClientSubmission | undefined) => (submission === 'loopback' ? LOOPBACK_SUBMISSION_PORT : 25);
