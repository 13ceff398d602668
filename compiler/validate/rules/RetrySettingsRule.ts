import { BACKOFFS, type RetryConfig } from '../../ir/types.ts';
import { compensationsOf, type ValidationContext } from '../context.ts';
import { listOf } from '../format.ts';

/** Each check: the field, whether its value is sane, and what to write instead. */
const CHECKS: readonly { field: keyof RetryConfig; ok: (retry: RetryConfig) => boolean; fix: string }[] = [
  {
    field: 'max_attempts',
    ok: (r) => Number.isInteger(r.max_attempts) && r.max_attempts >= 1,
    fix: 'a whole number ≥ 1 (it counts every attempt, the first included)',
  },
  { field: 'initial_interval_seconds', ok: (r) => r.initial_interval_seconds > 0, fix: 'a duration > 0' },
  { field: 'max_interval_seconds', ok: (r) => r.max_interval_seconds > 0, fix: 'a duration > 0' },
  { field: 'backoff_coefficient', ok: (r) => r.backoff_coefficient >= 1, fix: 'a number ≥ 1' },
  { field: 'backoff', ok: (r) => (BACKOFFS as readonly string[]).includes(r.backoff), fix: listOf(BACKOFFS) },
];

/** Retry settings a state machine can run: at least one attempt, positive intervals, coefficient ≥ 1. */
export function RetrySettingsRule(context: ValidationContext): void {
  for (const { spec } of context.workflows) {
    const owners = [...context.stepsOf(spec).map(({ step }) => step), ...compensationsOf(spec)];
    for (const owner of owners) {
      const retry = owner.retry;
      if (!retry) continue;
      for (const check of CHECKS) {
        if (retry[check.field] === undefined || check.ok(retry)) continue;
        const at = context.sourceMap.has(retry)
          ? context.locate(retry, check.field)
          : context.locateAny(owner, [`retry.${check.field}`, 'retry']);
        context.reportAt(
          'DZ313',
          `retry ${check.field} of "${owner.name}" is ${retry[check.field]}; write ${check.fix}.`,
          at,
        );
      }
    }
  }
}
