// The public API: what a scenario file or a user's own jest test imports.
export { defineScenario, ScenarioDefinition } from './scenario/define-scenario';
export { postfixRelay, nodeRelay, sink } from './scenario/servers';
export { send, stop, start, wait, changeDns, expectQueued, kill, pause, disconnect, refuse, restart, heal, smtpFault, blackHole, dropMidData, servfail } from './scenario/steps';
export type { Step } from './scenario/steps';
export { everyMessageDeliveredExactlyOnce, carriedByOneOf, messageFates, failoverWithin, everyTryAt, lostOnlyAt, Expectation, ExpectationResult } from './scenario/expectations';
export { runScenario, RunOptions } from './scenario/run-scenario';
export { judgeAgain, sameRun } from './scenario/judge-run';
export { ScenarioResult } from './report/scenario-result';
export { formatResult, jsonResult } from './report/result-table';
export { shareFollows, srvModels, withClaim } from './scenario/share-expectation';
export { reverseDnsOf } from './scenario/reverse-dns-expectation';
export { mxAddressDistribution, mxHostDistribution, srvDistribution } from './stats/selection-models';
export { byMx, viaSrv, viaHosts } from './mta/route';
export type { Route, RelayHost } from './mta/route';
export { postfix } from './mta/postfix/postfix-client';
export { exim } from './mta/exim/exim-client';
export { opensmtpd } from './mta/opensmtpd/opensmtpd-client';
export { clientKinds } from './mta/registry';
