/**
 * The subset of the Amazon States Language (JSONata query language) the compiler emits. Field
 * names are ASL's. Strings of the form `{% … %}` are JSONata expressions.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  Assign?: JsonObject;
  Output?: JsonValue;
}

interface Flow {
  Comment?: string;
  Next?: string;
  End?: true;
}

interface Data {
  Assign?: JsonObject;
  Output?: JsonValue;
}

export interface TaskState extends Flow, Data {
  Type: 'Task';
  Resource: string;
  Arguments?: JsonValue;
  TimeoutSeconds?: number;
  Retry?: Retrier[];
  Catch?: Catcher[];
}

export interface PassState extends Flow, Data {
  Type: 'Pass';
}

export interface ChoiceRule {
  Condition: string;
  Next: string;
  Assign?: JsonObject;
}

export interface ChoiceState extends Data {
  Type: 'Choice';
  Comment?: string;
  Choices: ChoiceRule[];
  Default?: string;
}

export interface WaitState extends Flow, Data {
  Type: 'Wait';
  Seconds: number | string;
}

export interface SucceedState {
  Type: 'Succeed';
  Comment?: string;
  Output?: JsonValue;
}

export interface FailState {
  Type: 'Fail';
  Comment?: string;
  Error: string;
  Cause: string;
}

export interface Branch {
  StartAt: string;
  States: Record<string, State>;
}

export interface ParallelState extends Flow, Data {
  Type: 'Parallel';
  Arguments?: JsonValue;
  Branches: Branch[];
  Retry?: Retrier[];
  Catch?: Catcher[];
}

export interface MapState extends Flow, Data {
  Type: 'Map';
  Items: JsonValue;
  ItemSelector?: JsonValue;
  MaxConcurrency?: number;
  ItemProcessor: Branch & {
    ProcessorConfig: { Mode: 'INLINE' } | { Mode: 'DISTRIBUTED'; ExecutionType: 'STANDARD' | 'EXPRESS' };
  };
  Retry?: Retrier[];
  Catch?: Catcher[];
}

export type State =
  | TaskState
  | PassState
  | ChoiceState
  | WaitState
  | SucceedState
  | FailState
  | ParallelState
  | MapState;

export type StateType = State['Type'];

export interface StateMachineDefinition {
  Comment?: string;
  QueryLanguage: 'JSONata';
  StartAt: string;
  States: Record<string, State>;
  TimeoutSeconds?: number;
}

/** `{% body %}`: a JSONata template string. */
export const jsonata = (body: string): string => `{% ${body} %}`;

/** A JSONata string literal: single-quoted when that needs no escapes, else JSON's double-quoted form. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters need JSON escapes.
const NEEDS_ESCAPE = /['\\\u0000-\u001f]/;
export const str = (value: string): string =>
  NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `'${value}'`;

/** A JSONata literal for any JSON value. */
export function lit(value: JsonValue | undefined): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return str(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(lit).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${str(k)}: ${lit(v)}`)
    .join(', ')}}`;
}

/**
 * A plain string placed in an ASL template: ASL treats `{% … %}` strings as JSONata and schema
 * validators reject empty strings, so those become JSONata literals.
 */
export function text(value: string): string {
  return value === '' || value.startsWith('{%') ? jsonata(str(value)) : value;
}
