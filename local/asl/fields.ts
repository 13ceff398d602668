/** The fields each part of a JSONata state machine accepts, and the ones rejected by name. */
import type { StateType } from './machine.ts';

const COMMON = ['Type', 'Comment', 'QueryLanguage'];

/** Fields each state type accepts in JSONata mode. */
export const FIELDS: { [K in StateType]: readonly string[] } = {
  Task: [
    ...COMMON,
    'Resource',
    'Arguments',
    'Output',
    'Assign',
    'Next',
    'End',
    'TimeoutSeconds',
    'HeartbeatSeconds',
    'Retry',
    'Catch',
  ],
  Pass: [...COMMON, 'Output', 'Assign', 'Next', 'End'],
  Choice: [...COMMON, 'Choices', 'Default', 'Output', 'Assign'],
  Wait: [...COMMON, 'Seconds', 'Timestamp', 'Output', 'Assign', 'Next', 'End'],
  Parallel: [...COMMON, 'Branches', 'Arguments', 'Output', 'Assign', 'Next', 'End', 'Retry', 'Catch'],
  Map: [
    ...COMMON,
    'ItemProcessor',
    'Items',
    'ItemSelector',
    'MaxConcurrency',
    'ToleratedFailurePercentage',
    'ToleratedFailureCount',
    'Label',
    'Output',
    'Assign',
    'Next',
    'End',
    'Retry',
    'Catch',
  ],
  Succeed: [...COMMON, 'Output'],
  Fail: [...COMMON, 'Error', 'Cause'],
};

/** JSONPath-only fields, with the JSONata replacement to name in the message. */
export const JSONPATH_FIELDS: Record<string, string> = {
  InputPath: 'use $states.input in Arguments/Output',
  OutputPath: 'use Output',
  ResultPath: 'use Output (and Assign) with $states.result',
  Parameters: 'use Arguments (or ItemSelector in a Map)',
  ResultSelector: 'use Output with $states.result',
  Result: 'use Output',
  ItemsPath: 'use Items',
  Iterator: 'use ItemProcessor',
  SecondsPath: 'use Seconds with a {% %} expression',
  TimestampPath: 'use Timestamp with a {% %} expression',
  TimeoutSecondsPath: 'use TimeoutSeconds with a {% %} expression',
  HeartbeatSecondsPath: 'use HeartbeatSeconds with a {% %} expression',
  MaxConcurrencyPath: 'use MaxConcurrency with a {% %} expression',
  ToleratedFailurePercentagePath: 'use ToleratedFailurePercentage with a {% %} expression',
  ToleratedFailureCountPath: 'use ToleratedFailureCount with a {% %} expression',
  ErrorPath: 'use Error with a {% %} expression',
  CausePath: 'use Cause with a {% %} expression',
};

/** Valid ASL that this interpreter does not implement. */
export const UNSUPPORTED_FIELDS: Record<string, string> = {
  Credentials: 'cross-account task credentials are not supported by the local runtime',
  ItemReader: 'Map ItemReader (reading items from S3) is not supported by the local runtime',
  ItemBatcher: 'Map ItemBatcher is not supported by the local runtime',
  ResultWriter: 'Map ResultWriter is not supported by the local runtime',
};

export const CHOICE_RULE_FIELDS = ['Condition', 'Next', 'Output', 'Assign', 'Comment'];
export const JSONPATH_CHOICE_FIELDS =
  /^(Variable|And|Or|Not|(String|Numeric|Boolean|Timestamp)\w*|Is(Null|Present|Numeric|String|Boolean|Timestamp))$/;
export const RETRIER_FIELDS = [
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
  'Comment',
];
export const CATCHER_FIELDS = ['ErrorEquals', 'Next', 'Output', 'Assign', 'Comment'];
export const TOP_FIELDS = ['Comment', 'StartAt', 'States', 'TimeoutSeconds', 'Version', 'QueryLanguage'];
export const BRANCH_FIELDS = ['Comment', 'StartAt', 'States', 'QueryLanguage'];
export const PROCESSOR_FIELDS = ['Comment', 'StartAt', 'States', 'ProcessorConfig', 'QueryLanguage'];
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
