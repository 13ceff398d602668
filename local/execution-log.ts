/** How the runtime reports executions: compact log lines and Step Functions status change events. */
import { runStatus } from '../compiler/contracts/runtime.ts';
import type { Log } from '../lambdas/shared/logger.ts';
import type { ExecutionDescription } from './asl/index.ts';

export interface RuntimeLog {
  info(line: string): void;
  warn(line: string): void;
}

export const silentRuntimeLog: RuntimeLog = { info() {}, warn() {} };

/** `process/abcd1234` — the machine name and the start of the execution name. */
export function executionLabel(d: { stateMachineArn: string; name: string }): string {
  const machine = d.stateMachineArn.split(':').at(-1) ?? '';
  return `${machine}/${d.name.slice(0, 8)}`;
}

const oneLine = (text: string) => (text.length > 160 ? `${text.slice(0, 157)}…` : text).replace(/\s+/g, ' ');

/**
 * `order/3f2a1b2c started`, `order/3f2a1b2c FAILED after 1.2s, 9 transitions Boom: cause`, or for a
 * run its overlap lock skipped (SUCCEEDED to Step Functions) `order/3f2a1b2c SKIPPED after 0.0s, 4
 * transitions: the lock is held by order/9d8e7f6a`.
 */
export function statusLine(d: ExecutionDescription): string {
  if (d.status === 'RUNNING') return `${executionLabel(d)} started`;
  const took = d.stopDate ? `${((d.stopDate.getTime() - d.startDate.getTime()) / 1000).toFixed(1)}s` : '';
  const { status, skipped_by } = runStatus(d.status, d.output);
  const why = d.error
    ? ` ${d.error}${d.cause ? `: ${oneLine(d.cause)}` : ''}`
    : skipped_by !== undefined
      ? `: the lock is held by ${holderLabel(skipped_by)}`
      : '';
  return `${executionLabel(d)} ${status} after ${took}, ${d.transitions} transitions${why}`;
}

/** An execution ARN as `machine/abcd1234` (anything else as it is). */
function holderLabel(arn: string): string {
  const parts = arn.split(':');
  return parts.length >= 8 && parts[5] === 'execution' ? `${parts[6]}/${parts[7].slice(0, 8)}` : arn;
}

export function enteredLine(d: { stateMachineArn: string; name: string }, state: string): string {
  return `${executionLabel(d)} → ${state}`;
}

/** The `detail` of an EventBridge "Step Functions Execution Status Change" event. */
export function statusChangeDetail(d: ExecutionDescription): Record<string, unknown> {
  return {
    executionArn: d.executionArn,
    stateMachineArn: d.stateMachineArn,
    name: d.name,
    status: d.status,
    startDate: d.startDate.getTime(),
    stopDate: d.stopDate?.getTime() ?? null,
    input: JSON.stringify(d.input),
    output: d.output === undefined ? null : JSON.stringify(d.output),
    error: d.error ?? null,
    cause: d.cause ?? null,
  };
}

/** The handlers' Powertools-style log on the runtime log: warnings and errors only. */
export function handlerLog(log: RuntimeLog): Log {
  const line = (message: string, extra: Record<string, unknown>[]) =>
    extra.length === 0 ? message : `${message} ${extra.map((e) => JSON.stringify(e)).join(' ')}`;
  return {
    info: () => {},
    warn: (message, ...extra) => log.warn(line(message, extra)),
    error: (message, ...extra) => log.warn(line(message, extra)),
  };
}
