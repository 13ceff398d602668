import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SourceMap } from '../ir/locations.ts';
import type { AppIR } from '../ir/types.ts';
import { type ValidateOptions, ValidationContext } from './context.ts';
import { CronExpressionsRule } from './rules/CronExpressionsRule.ts';
import { ExpressionsRule } from './rules/ExpressionsRule.ts';
import { FailFastCompensationsRule } from './rules/FailFastCompensationsRule.ts';
import { ForeachSourcesRule } from './rules/ForeachSourcesRule.ts';
import { FormFieldTypesRule } from './rules/FormFieldTypesRule.ts';
import { KnownCompensationsRule } from './rules/KnownCompensationsRule.ts';
import { KnownJumpTargetsRule } from './rules/KnownJumpTargetsRule.ts';
import { KnownStoriesRule } from './rules/KnownStoriesRule.ts';
import { KnownSubprocessesRule } from './rules/KnownSubprocessesRule.ts';
import { NoBusyLoopsRule } from './rules/NoBusyLoopsRule.ts';
import { OutcomeNamesRule } from './rules/OutcomeNamesRule.ts';
import { QueryFiltersRule } from './rules/QueryFiltersRule.ts';
import { ReachableStepsRule } from './rules/ReachableStepsRule.ts';
import { RetrySettingsRule } from './rules/RetrySettingsRule.ts';
import { ScheduleFrequencyRule } from './rules/ScheduleFrequencyRule.ts';
import { StepKindsRule } from './rules/StepKindsRule.ts';
import { TimeoutsRule } from './rules/TimeoutsRule.ts';
import { TimezonesRule } from './rules/TimezonesRule.ts';
import { UniqueCompensationNamesRule } from './rules/UniqueCompensationNamesRule.ts';
import { UniqueFieldNamesRule } from './rules/UniqueFieldNamesRule.ts';
import { UniqueStepNamesRule } from './rules/UniqueStepNamesRule.ts';

export type { ValidateOptions } from './context.ts';
export { ValidationContext } from './context.ts';

/** A validation rule: reads the app through the context and reports what is wrong. */
export type ValidationRule = (context: ValidationContext) => void;

/**
 * Every rule of LANGUAGE.md §8, in the order their findings read best: the shape of steps first
 * (kinds, names), then references between things, then the flow, then values.
 */
export const RULES: readonly ValidationRule[] = [
  StepKindsRule,
  UniqueStepNamesRule,
  UniqueCompensationNamesRule,
  UniqueFieldNamesRule,
  KnownJumpTargetsRule,
  KnownCompensationsRule,
  FailFastCompensationsRule,
  KnownSubprocessesRule,
  KnownStoriesRule,
  ForeachSourcesRule,
  ReachableStepsRule,
  NoBusyLoopsRule,
  ExpressionsRule,
  QueryFiltersRule,
  FormFieldTypesRule,
  OutcomeNamesRule,
  RetrySettingsRule,
  TimeoutsRule,
  ScheduleFrequencyRule,
  CronExpressionsRule,
  TimezonesRule,
];

/** Runs every validation rule over a parsed app; diagnostics in rule order. */
export function validateApp(
  ir: AppIR,
  sourceMap: SourceMap,
  options: ValidateOptions = {},
  rules: readonly ValidationRule[] = RULES,
): Diagnostic[] {
  const context = new ValidationContext(ir, sourceMap, options);
  for (const rule of rules) rule(context);
  return context.diagnostics;
}
