import { carriedBy, deliveryProblem } from '../mail/message-outcome';
import type { ScenarioResult } from './scenario-result';

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

/** The end-of-run table: message, carried by, expected, ok; then each expectation with its detail. */
export function formatResult(result: ScenarioResult): string {
  const rows = [['message', 'carried by', 'expected', 'ok']];
  for (const message of result.messages) {
    const relay = carriedBy(message);
    const expected = message.expectCarriedBy;
    const ok = deliveryProblem(message) === null && (!expected || (relay !== null && expected.includes(relay)));
    rows.push([message.id, relay ?? message.status, expected ? expected.join(' | ') : 'any', ok ? 'ok' : 'FAIL']);
  }
  const lines = [table(rows), ''];
  for (const expectation of result.expectations) {
    lines.push(`${expectation.passed ? 'PASS' : 'FAIL'}  ${expectation.description}: ${expectation.detail}`);
  }
  for (const finding of result.findings) lines.push(`NOTE  ${finding}`);
  lines.push('', `${result.scenario}: ${result.passed ? 'PASSED' : 'FAILED'} in ${(result.durationMs / 1000).toFixed(1)} s`);
  if (result.artifactsDir) lines.push(`container logs saved to ${result.artifactsDir}`);
  return lines.join('\n');
}

/** The --json document. */
export function jsonResult(result: ScenarioResult): object {
  return {
    scenario: result.scenario,
    passed: result.passed,
    durationMs: result.durationMs,
    messages: result.messages.map((message) => ({
      id: message.id,
      status: message.status,
      carriedBy: carriedBy(message),
      expected: message.expectCarriedBy,
      received: message.deliveries[0]?.received ?? [],
      deliveredAt: message.deliveries[0]?.deliveredAt ?? null,
      queueId: message.queueId,
      problem: deliveryProblem(message),
    })),
    expectations: result.expectations,
    findings: result.findings,
    artifactsDir: result.artifactsDir ?? null,
  };
}
