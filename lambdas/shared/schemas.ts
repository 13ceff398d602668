/**
 * Checks of the payloads in `compiler/contracts/runtime.ts` (what the state machines send). The
 * `parse*` functions return the contract types, so a check that drifts from its contract type
 * fails to compile. Optional fields accept `null` as absent (a JSONata expression over a missing
 * path can yield it).
 */
import type {
  EntityStoreEvent,
  LlmIntentEvent,
  RunStepEvent,
  SignalRegisterEvent,
  TaskRegisterEvent,
} from '../../compiler/contracts/runtime.ts';
import { FILTER_OPS } from '../../compiler/contracts/runtime.ts';
import {
  array,
  bool,
  idString,
  literal,
  nullable,
  num,
  object,
  oneOf,
  record,
  str,
  tagged,
  unknown,
  withDefault,
} from './check.ts';
import { InvalidEventError } from './errors.ts';
import { parseWith } from './parse.ts';

const executionRef = object({ id: str(), name: str(), start_time: str() });
const nonNegative = () => num({ min: 0 });
const fieldFilter = object({ field: str(), op: oneOf(FILTER_OPS), value: unknown() });
const entityEffect = object({
  action: oneOf(['create', 'update']),
  entity: str(),
  where: withDefault(array(fieldFilter), []),
  values: withDefault(record(unknown()), {}),
});

export const taskRegisterEvent = object({
  token: str({ min: 1 }),
  process: str(),
  step: str(),
  execution: executionRef,
  task: object({
    title: str(),
    surface: nullable(str()),
    role: nullable(str()),
    assignee: nullable(idString()),
    entity: nullable(object({ name: str(), id: nullable(idString()) })),
    form: withDefault(
      array(
        object({
          name: str(),
          type: str(),
          required: bool(),
          default: nullable(str()),
          description: nullable(str()),
        }),
      ),
      [],
    ),
    outcomes: withDefault(
      array(object({ name: str(), label: str(), style: str(), confirm: nullable(str()) })),
      [],
    ),
    timeout_seconds: nonNegative(),
    escalation_seconds: nullable(nonNegative()),
    effects: nullable(record(array(entityEffect))),
    outcome_errors: nullable(bool()),
  }),
});

export const signalRegisterEvent = object({
  token: str({ min: 1 }),
  process: str(),
  step: str(),
  execution: executionRef,
  signal: str({ min: 1 }),
  correlation_id: nullable(idString()),
  timeout_seconds: nonNegative(),
});

export const entityStoreEvent = tagged('op', {
  query: object({
    process: str(),
    step: str(),
    entity: str(),
    filter: withDefault(array(fieldFilter), []),
    limit: withDefault(num({ int: true, positive: true }), 1000),
    next_token: nullable(str()),
  }),
  effects: object({
    process: str(),
    step: str(),
    execution: executionRef,
    actor: nullable(str()),
    request_id: nullable(str()),
    effects: array(entityEffect),
  }),
});

export const llmIntentEvent = object({
  process: str(),
  step: str(),
  execution: executionRef,
  intent: str(),
  input: withDefault(record(unknown()), {}),
});

export const runStepEvent = object({
  op: literal('step'),
  process: str(),
  step: str(),
  execution: executionRef,
});

const invalid = (what: string) => (message: string, cause: unknown) =>
  new InvalidEventError(`invalid ${what} event: ${message}`, cause);

export const parseTaskRegister = (e: unknown): TaskRegisterEvent =>
  parseWith(taskRegisterEvent, e, invalid('taskRegister'));
export const parseSignalRegister = (e: unknown): SignalRegisterEvent =>
  parseWith(signalRegisterEvent, e, invalid('signalRegister'));
export const parseEntityStore = (e: unknown): EntityStoreEvent =>
  parseWith(entityStoreEvent, e, invalid('entityStore'));
export const parseLlmIntent = (e: unknown): LlmIntentEvent =>
  parseWith(llmIntentEvent, e, invalid('llmIntent'));
export const parseRunStep = (e: unknown): RunStepEvent => parseWith(runStepEvent, e, invalid('runRecord'));
