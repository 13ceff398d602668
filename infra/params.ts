/**
 * Deploy-time parameters (`param("key")` in the DSL) as the construct sees them: its `params` prop,
 * resolved by the compiler's pure `manifest/params.ts` (the local runtime uses the same module).
 */
import {
  type ParamValues,
  type ResolvedSchedule,
  resolveSchedules,
  resolveTimeoutSeconds,
} from '../compiler/manifest/params.ts';
import type { ManifestSchedule } from '../compiler/manifest/schema.ts';

export type { ResolvedSchedule } from '../compiler/manifest/params.ts';

export class Params {
  constructor(private readonly values: ParamValues) {}

  /** The schedules of one manifest entry (a Unix cron from a param may split into two). */
  schedules(workflow: string, entry: ManifestSchedule): ResolvedSchedule[] {
    return resolveSchedules(workflow, entry, this.values);
  }

  /** The timeout of a workflow whose `timeout: param("key")`: seconds or `30s|5m|2h|7d`. */
  timeoutSeconds(workflow: string, param: string): number {
    return resolveTimeoutSeconds(workflow, param, this.values);
  }
}
