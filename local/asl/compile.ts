/**
 * Validates a JSONata state machine definition and compiles it (templates parsed once). Every field
 * the interpreter does not implement is rejected by name: JSONPath-only fields, unsupported
 * features and unknown fields alike — nothing is silently ignored.
 */
import { checkAwsDefinition } from '../../compiler/asl/definitionChecks.ts';
import { type DefinitionProblem, InvalidDefinition, STATES_ERRORS } from './errors.ts';
import {
  BRANCH_FIELDS,
  CATCHER_FIELDS,
  CHOICE_RULE_FIELDS,
  FIELDS,
  JSONPATH_CHOICE_FIELDS,
  JSONPATH_FIELDS,
  PROCESSOR_FIELDS,
  RETRIER_FIELDS,
  TOP_FIELDS,
  UNSUPPORTED_FIELDS,
  VARIABLE_NAME,
} from './fields.ts';
import type { Catcher, ChoiceRule, CompiledMachine, CompiledState, Retrier, StateType } from './machine.ts';
import { parseResource, SUPPORTED_RESOURCES } from './resources.ts';
import { compileTemplate, type Template } from './template.ts';

type Json = Record<string, unknown>;

export interface CompileOptions {
  /** EXPRESS workflows cannot use `.sync` or `.waitForTaskToken`. */
  workflowType: 'STANDARD' | 'EXPRESS';
  /** Functions bound into every JSONata expression (the AWS additions). */
  functions?: Record<string, unknown>;
}

/** Validates and compiles a whole definition; throws `InvalidDefinition` with every problem found. */
export function compileDefinition(definition: unknown, options: CompileOptions): CompiledMachine {
  // First what AWS itself rejects at creation, in its words ("runs locally" implies "AWS accepts it").
  const problems: DefinitionProblem[] = checkAwsDefinition(definition).map((v) => ({
    path: v.location ?? '/',
    message: `${v.code}: ${v.message}`,
  }));
  const c = new Compiler(problems, options);
  const machine = c.top(definition);
  if (problems.length > 0 || !machine) throw new InvalidDefinition(problems);
  return machine;
}

class Compiler {
  constructor(
    private readonly problems: DefinitionProblem[],
    private readonly options: CompileOptions,
  ) {}

  private problem(path: string, message: string): void {
    this.problems.push({ path: path || '/', message });
  }

  top(definition: unknown): CompiledMachine | undefined {
    if (!isObject(definition)) {
      this.problem('', 'the definition must be a JSON object');
      return undefined;
    }
    // A state's query language is its own QueryLanguage, else the top level's (states inside
    // branches and item processors inherit the top level's too). A JSONPath top level whose every
    // state says "QueryLanguage": "JSONata" is a JSONata machine, and AWS runs it as one.
    const top = definition.QueryLanguage ?? 'JSONPath';
    if (top !== 'JSONata' && !everyStateDeclaresJsonata(definition)) {
      this.problem(
        '/QueryLanguage',
        `the local runtime implements the JSONata query language only; set "QueryLanguage": "JSONata" (got ${JSON.stringify(definition.QueryLanguage ?? 'JSONPath (the default)')})`,
      );
    } else if (top !== 'JSONata' && top !== 'JSONPath') {
      this.problem('/QueryLanguage', `must be "JSONata" or "JSONPath" (got ${JSON.stringify(top)})`);
    }
    this.fields(definition, '', TOP_FIELDS, 'state machine');
    const machine = this.machine(definition, '', new Set());
    if (machine && definition.TimeoutSeconds !== undefined) {
      const t = definition.TimeoutSeconds;
      if (!isPositiveInt(t)) this.problem('/TimeoutSeconds', 'must be a positive integer');
      else machine.timeoutSeconds = t;
    }
    return machine;
  }

  /** A `{StartAt, States}` block; `outer` are the variable names assigned in enclosing scopes. */
  private machine(def: Json, path: string, outer: ReadonlySet<string>): CompiledMachine | undefined {
    if (path !== '' && def.QueryLanguage !== undefined && def.QueryLanguage !== 'JSONata') {
      this.problem(`${path}/QueryLanguage`, 'only "JSONata" is supported');
    }
    if (!isObject(def.States)) {
      this.problem(`${path}/States`, 'required: an object of states');
      return undefined;
    }
    if (typeof def.StartAt !== 'string' || !(def.StartAt in def.States)) {
      this.problem(`${path}/StartAt`, `must name a state of this block (got ${JSON.stringify(def.StartAt)})`);
    }
    const own = new Set<string>();
    const byState = new Map<string, Set<string>>();
    for (const [name, s] of Object.entries(def.States)) {
      const names = new Set<string>();
      if (isObject(s)) collectAssignNames(s, names);
      byState.set(name, names);
      for (const n of names) own.add(n);
      if (name.length > 80) this.problem(`${path}/States/${name}`, 'state names are at most 80 characters');
    }
    for (const name of own) {
      if (outer.has(name)) {
        this.problem(
          `${path}/States`,
          `variable "${name}" is assigned in an enclosing scope; states inside a Parallel branch or Map iteration can read outer variables but cannot assign them`,
        );
      }
    }
    const states = new Map<string, CompiledState>();
    for (const [name, s] of Object.entries(def.States)) {
      // The names a Parallel or Map state assigns itself (its Assign, its catchers') do not count
      // against its branches: AWS accepts a branch assigning the same name (recorded in
      // test/local/asl/aws-recorded, states_variables PARALLEL_CATCH_ERROR_VARIABLE_SAMPLING).
      const inner = new Set(outer);
      for (const [other, names] of byState) if (other !== name) for (const n of names) inner.add(n);
      const compiled = this.state(name, s, `${path}/States/${name}`, inner);
      if (compiled) states.set(name, compiled);
    }
    return { startAt: String(def.StartAt), states, path };
  }

  private fields(obj: Json, path: string, allowed: readonly string[], what: string): void {
    for (const key of Object.keys(obj)) {
      if (allowed.includes(key)) continue;
      if (key in JSONPATH_FIELDS) {
        this.problem(
          `${path}/${key}`,
          `${key} is a JSONPath field, not allowed in JSONata: ${JSONPATH_FIELDS[key]}`,
        );
      } else if (key in UNSUPPORTED_FIELDS) {
        this.problem(`${path}/${key}`, `${key}: ${UNSUPPORTED_FIELDS[key]}`);
      } else {
        this.problem(`${path}/${key}`, `unknown field ${key} in a ${what} (allowed: ${allowed.join(', ')})`);
      }
    }
  }

  private state(
    name: string,
    s: unknown,
    path: string,
    scope: ReadonlySet<string>,
  ): CompiledState | undefined {
    if (!isObject(s)) {
      this.problem(path, 'a state must be an object');
      return undefined;
    }
    const type = s.Type;
    if (typeof type !== 'string' || !(type in FIELDS)) {
      this.problem(
        `${path}/Type`,
        `unknown state type ${JSON.stringify(type)} (${Object.keys(FIELDS).join(', ')})`,
      );
      return undefined;
    }
    const t = type as StateType;
    this.fields(s, path, FIELDS[t], `${t} state`);
    if (s.QueryLanguage !== undefined && s.QueryLanguage !== 'JSONata') {
      this.problem(`${path}/QueryLanguage`, 'only "JSONata" is supported by the local runtime');
    }
    const base = {
      name,
      ...this.transition(s, path, t),
      output: this.template(s.Output, `${path}/Output`),
      assign: this.assign(s.Assign, `${path}/Assign`),
    };
    switch (t) {
      case 'Task':
        return this.task(s, path, base);
      case 'Pass':
        return { ...base, type: 'Pass' };
      case 'Choice':
        return this.choice(s, path, base);
      case 'Wait':
        return this.wait(s, path, base);
      case 'Parallel':
        return this.parallel(s, path, base, scope);
      case 'Map':
        return this.map(s, path, base, scope);
      case 'Succeed':
        return { ...base, type: 'Succeed' };
      case 'Fail':
        return {
          ...base,
          type: 'Fail',
          error: this.template(s.Error, `${path}/Error`),
          cause: this.template(s.Cause, `${path}/Cause`),
        };
      default: {
        const never: never = t;
        return never;
      }
    }
  }

  private transition(s: Json, path: string, type: StateType): { next?: string; end: boolean } {
    const terminalOrChoice = type === 'Choice' || type === 'Succeed' || type === 'Fail';
    if (terminalOrChoice) return { end: type !== 'Choice' };
    const hasNext = typeof s.Next === 'string';
    const end = s.End === true;
    if (hasNext === end) this.problem(path, 'exactly one of Next and "End": true is required');
    return hasNext ? { next: s.Next as string, end: false } : { end: true };
  }

  private template(value: unknown, path: string): Template | undefined {
    if (value === undefined) return undefined;
    try {
      return compileTemplate(value, this.options.functions);
    } catch (error) {
      this.problem(path, `invalid JSONata expression: ${(error as Error).message}`);
      return undefined;
    }
  }

  private assign(value: unknown, path: string): Template | undefined {
    if (value === undefined) return undefined;
    if (!isObject(value)) {
      this.problem(path, 'Assign must be an object of variable names to values');
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!VARIABLE_NAME.test(key) || key === 'states') {
        this.problem(
          `${path}/${key}`,
          `invalid variable name "${key}" (letters, digits and _; not "states")`,
        );
      }
    }
    return this.template(value, path);
  }

  private seconds(value: unknown, path: string, min = 1): Template | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'string') return this.template(value, path);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      this.problem(path, `must be an integer ≥ ${min} or a {% %} expression`);
      return undefined;
    }
    return { kind: 'literal', value };
  }

  private task(s: Json, path: string, base: BaseFields): CompiledState | undefined {
    const arn = s.Resource;
    if (typeof arn !== 'string') {
      this.problem(`${path}/Resource`, 'required: a resource ARN');
      return undefined;
    }
    const resource = parseResource(arn);
    if (!resource) {
      this.problem(
        `${path}/Resource`,
        `resource "${arn}" is not supported by the local runtime (supported: ${SUPPORTED_RESOURCES.join(', ')})`,
      );
      return undefined;
    }
    if (this.options.workflowType === 'EXPRESS' && resource.pattern !== 'request') {
      this.problem(`${path}/Resource`, `EXPRESS workflows do not support the .${resource.pattern} pattern`);
    }
    return {
      ...base,
      type: 'Task',
      resourceArn: arn,
      resource,
      arguments: this.template(s.Arguments, `${path}/Arguments`),
      timeoutSeconds: this.seconds(s.TimeoutSeconds, `${path}/TimeoutSeconds`),
      heartbeatSeconds: this.seconds(s.HeartbeatSeconds, `${path}/HeartbeatSeconds`),
      retry: this.retry(s.Retry, `${path}/Retry`),
      catch: this.catch(s.Catch, `${path}/Catch`),
    };
  }

  private choice(s: Json, path: string, base: BaseFields): CompiledState {
    const rules: ChoiceRule[] = [];
    if (!Array.isArray(s.Choices) || s.Choices.length === 0) {
      this.problem(`${path}/Choices`, 'required: a non-empty array of rules');
    } else {
      s.Choices.forEach((rule, i) => {
        const p = `${path}/Choices/${i}`;
        if (!isObject(rule)) {
          this.problem(p, 'a choice rule must be an object');
          return;
        }
        for (const key of Object.keys(rule)) {
          if (CHOICE_RULE_FIELDS.includes(key)) continue;
          this.problem(
            `${p}/${key}`,
            JSONPATH_CHOICE_FIELDS.test(key)
              ? `${key} is a JSONPath choice rule field; in JSONata write the test as "Condition": "{% … %}"`
              : `unknown field ${key} in a choice rule (allowed: ${CHOICE_RULE_FIELDS.join(', ')})`,
          );
        }
        if (rule.Condition === undefined) this.problem(`${p}/Condition`, 'required');
        if (typeof rule.Next !== 'string') this.problem(`${p}/Next`, 'required');
        const condition = this.template(rule.Condition, `${p}/Condition`);
        if (condition && typeof rule.Next === 'string') {
          rules.push({
            condition,
            next: rule.Next,
            output: this.template(rule.Output, `${p}/Output`),
            assign: this.assign(rule.Assign, `${p}/Assign`),
          });
        }
      });
    }
    if (s.Default !== undefined && typeof s.Default !== 'string')
      this.problem(`${path}/Default`, 'must be a state name');
    return { ...base, type: 'Choice', choices: rules, default: s.Default as string | undefined };
  }

  private wait(s: Json, path: string, base: BaseFields): CompiledState {
    if ((s.Seconds === undefined) === (s.Timestamp === undefined)) {
      this.problem(path, 'exactly one of Seconds and Timestamp is required');
    }
    if (
      typeof s.Timestamp === 'string' &&
      !s.Timestamp.startsWith('{%') &&
      Number.isNaN(Date.parse(s.Timestamp))
    ) {
      this.problem(`${path}/Timestamp`, 'must be an ISO 8601 timestamp or a {% %} expression');
    }
    return {
      ...base,
      type: 'Wait',
      seconds: this.seconds(s.Seconds, `${path}/Seconds`, 0),
      timestamp: this.template(s.Timestamp, `${path}/Timestamp`),
    };
  }

  private parallel(s: Json, path: string, base: BaseFields, scope: ReadonlySet<string>): CompiledState {
    const branches: CompiledMachine[] = [];
    if (!Array.isArray(s.Branches) || s.Branches.length === 0) {
      this.problem(`${path}/Branches`, 'required: a non-empty array of {StartAt, States}');
    } else {
      s.Branches.forEach((b, i) => {
        const p = `${path}/Branches/${i}`;
        if (!isObject(b)) {
          this.problem(p, 'a branch must be an object');
          return;
        }
        this.fields(b, p, BRANCH_FIELDS, 'branch');
        const m = this.machine(b, p, scope);
        if (m) branches.push(m);
      });
    }
    return {
      ...base,
      type: 'Parallel',
      branches,
      arguments: this.template(s.Arguments, `${path}/Arguments`),
      retry: this.retry(s.Retry, `${path}/Retry`),
      catch: this.catch(s.Catch, `${path}/Catch`),
    };
  }

  private map(
    s: Json,
    path: string,
    base: BaseFields,
    scope: ReadonlySet<string>,
  ): CompiledState | undefined {
    const p = `${path}/ItemProcessor`;
    const proc = s.ItemProcessor;
    if (!isObject(proc)) {
      this.problem(p, 'required: {ProcessorConfig?, StartAt, States}');
      return undefined;
    }
    this.fields(proc, p, PROCESSOR_FIELDS, 'ItemProcessor');
    const config = isObject(proc.ProcessorConfig) ? proc.ProcessorConfig : {};
    this.fields(config, `${p}/ProcessorConfig`, ['Mode', 'ExecutionType'], 'ProcessorConfig');
    const mode = config.Mode ?? 'INLINE';
    if (mode !== 'INLINE' && mode !== 'DISTRIBUTED')
      this.problem(`${p}/ProcessorConfig/Mode`, 'INLINE or DISTRIBUTED');
    const executionType = config.ExecutionType ?? 'STANDARD';
    if (executionType !== 'STANDARD' && executionType !== 'EXPRESS') {
      this.problem(`${p}/ProcessorConfig/ExecutionType`, 'STANDARD or EXPRESS');
    }
    if (mode === 'INLINE') {
      if (config.ExecutionType !== undefined)
        this.problem(`${p}/ProcessorConfig/ExecutionType`, 'only for DISTRIBUTED');
      // AWS accepts ToleratedFailureCount/Percentage on an INLINE Map (recorded in
      // test/local/asl/aws-recorded, evaluate_jsonata test_base_map): an inline iteration's failure
      // fails the Map whatever they say, so they are evaluated and otherwise unused.
      if (s.Label !== undefined)
        this.problem(`${path}/Label`, 'Label applies to DISTRIBUTED Map states only');
    }
    // A distributed Map's iterations are child executions: they cannot see the outer variables.
    const processor = this.machine(proc, p, mode === 'DISTRIBUTED' ? new Set() : scope);
    if (!processor) return undefined;
    return {
      ...base,
      type: 'Map',
      items: this.items(s.Items, `${path}/Items`),
      itemSelector: this.template(s.ItemSelector, `${path}/ItemSelector`),
      processor,
      mode: mode === 'DISTRIBUTED' ? 'DISTRIBUTED' : 'INLINE',
      executionType: executionType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
      maxConcurrency: this.seconds(s.MaxConcurrency, `${path}/MaxConcurrency`, 0),
      toleratedFailurePercentage: this.template(
        s.ToleratedFailurePercentage,
        `${path}/ToleratedFailurePercentage`,
      ),
      toleratedFailureCount: this.template(s.ToleratedFailureCount, `${path}/ToleratedFailureCount`),
      label: typeof s.Label === 'string' ? s.Label : undefined,
      retry: this.retry(s.Retry, `${path}/Retry`),
      catch: this.catch(s.Catch, `${path}/Catch`),
    };
  }

  private items(value: unknown, path: string): Template | undefined {
    if (value !== undefined && !Array.isArray(value) && typeof value !== 'string') {
      this.problem(path, 'must be an array or a {% %} expression');
    }
    return this.template(value, path);
  }

  private errorEquals(value: unknown, path: string, isLast: boolean): string[] {
    if (!Array.isArray(value) || value.length === 0 || !value.every((e) => typeof e === 'string')) {
      this.problem(path, 'required: a non-empty array of error names');
      return [];
    }
    if (value.includes(STATES_ERRORS.all) && (value.length > 1 || !isLast)) {
      this.problem(path, 'States.ALL must appear alone, in the last retrier or catcher');
    }
    return value as string[];
  }

  private retry(value: unknown, path: string): Retrier[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.problem(path, 'must be an array of retriers');
      return [];
    }
    return value.flatMap((r, i): Retrier[] => {
      const p = `${path}/${i}`;
      if (!isObject(r)) {
        this.problem(p, 'a retrier must be an object');
        return [];
      }
      this.fields(r, p, RETRIER_FIELDS, 'retrier');
      const interval = r.IntervalSeconds ?? 1;
      const maxAttempts = r.MaxAttempts ?? 3;
      const backoff = r.BackoffRate ?? 2;
      if (!isPositiveInt(interval)) this.problem(`${p}/IntervalSeconds`, 'must be a positive integer');
      if (typeof maxAttempts !== 'number' || !Number.isInteger(maxAttempts) || maxAttempts < 0) {
        this.problem(`${p}/MaxAttempts`, 'must be a non-negative integer');
      }
      if (typeof backoff !== 'number' || backoff < 1)
        this.problem(`${p}/BackoffRate`, 'must be a number ≥ 1.0');
      if (r.MaxDelaySeconds !== undefined && !isPositiveInt(r.MaxDelaySeconds)) {
        this.problem(`${p}/MaxDelaySeconds`, 'must be a positive integer');
      }
      const jitter = r.JitterStrategy ?? 'NONE';
      if (jitter !== 'FULL' && jitter !== 'NONE') this.problem(`${p}/JitterStrategy`, 'FULL or NONE');
      return [
        {
          errorEquals: this.errorEquals(r.ErrorEquals, `${p}/ErrorEquals`, i === value.length - 1),
          intervalSeconds: Number(interval),
          maxAttempts: Number(maxAttempts),
          backoffRate: Number(backoff),
          maxDelaySeconds: r.MaxDelaySeconds as number | undefined,
          jitter: jitter === 'FULL' ? 'FULL' : 'NONE',
        },
      ];
    });
  }

  private catch(value: unknown, path: string): Catcher[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.problem(path, 'must be an array of catchers');
      return [];
    }
    return value.flatMap((c, i): Catcher[] => {
      const p = `${path}/${i}`;
      if (!isObject(c)) {
        this.problem(p, 'a catcher must be an object');
        return [];
      }
      this.fields(c, p, CATCHER_FIELDS, 'catcher');
      if (typeof c.Next !== 'string') {
        this.problem(`${p}/Next`, 'required');
        return [];
      }
      return [
        {
          errorEquals: this.errorEquals(c.ErrorEquals, `${p}/ErrorEquals`, i === value.length - 1),
          next: c.Next,
          output: this.template(c.Output, `${p}/Output`),
          assign: this.assign(c.Assign, `${p}/Assign`),
        },
      ];
    });
  }
}

type BaseFields = {
  name: string;
  next?: string;
  end: boolean;
  output?: Template;
  assign?: Template;
};

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

/** Variable names a state assigns (state, choice rules, catchers), for the scope rule. */
function collectAssignNames(s: Json, into: Set<string>): void {
  const add = (a: unknown) => {
    if (isObject(a)) for (const k of Object.keys(a)) into.add(k);
  };
  add(s.Assign);
  for (const list of [s.Choices, s.Catch]) {
    if (Array.isArray(list)) for (const item of list) if (isObject(item)) add(item.Assign);
  }
}

/** True when every state, at any depth, says `"QueryLanguage": "JSONata"` itself. */
function everyStateDeclaresJsonata(block: Json): boolean {
  if (!isObject(block.States)) return true;
  return Object.values(block.States).every((s) => {
    if (!isObject(s) || s.QueryLanguage !== 'JSONata') return false;
    const inner = [...(Array.isArray(s.Branches) ? s.Branches : []), s.ItemProcessor];
    return inner.every((b) => !isObject(b) || everyStateDeclaresJsonata(b));
  });
}
