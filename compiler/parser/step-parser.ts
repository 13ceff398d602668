import type { Location } from '../diagnostics/diagnostic.ts';
import {
  BACKOFFS,
  type CompensationSpec,
  DEFAULTS,
  type FieldAssignment,
  type FormField,
  type HumanTaskOutcome,
  type HumanTaskSpec,
  type InputMapping,
  PARALLEL_POLICIES,
  type ProcessStep,
  type RetryConfig,
  type SatisfiesRef,
  STEP_KINDS,
  type StepEffect,
  type StepKind,
} from '../ir/types.ts';
import type { Token } from '../lexer/token.ts';
import { Bail, type FieldHandler, type FieldLocations, type Located, TokenCursor } from './cursor.ts';
import { buildStep, newDraft, type StepDraft } from './step-draft.ts';

type Table = Record<string, FieldHandler>;

/** How deep steps may nest (each level recurses through the parser, validator, planner and emitter). */
export const MAX_STEP_NESTING = 32;

/** The Dazzle head of a named list item: `- NAME ["label"]:`. */
interface ItemHead {
  name: Located<string>;
  label?: Located<string>;
}

/** Parses steps and everything nested in them (human tasks, effects, retry, mappings). */
export class StepParser extends TokenCursor {
  /**
   * steps := NEWLINE INDENT stepItem* DEDENT
   */
  protected parseSteps(): ProcessStep[] {
    return this.items("a step item ('- step NAME:' or '- name: NAME')", () => this.parseStepItem());
  }

  /**
   * stepItem := '-' 'step' NAME ':' stepBody            (Dazzle form)
   *           | '-' 'parallel' NAME ':' parallelBody     (Dazzle form)
   *           | '-' stepField [INDENT stepField* DEDENT] (documentation form)
   */
  protected parseStepItem(): ProcessStep {
    const dash = this.advance();
    if (this.stepNesting >= MAX_STEP_NESTING) {
      this.fail(
        `steps nest more than ${MAX_STEP_NESTING} levels deep (foreach and parallel inside each other)`,
        dash,
      );
    }
    const draft = newDraft(this.loc(dash));
    const outer = this.draft;
    this.draft = draft;
    this.stepNesting++;
    try {
      this.parseStepBody(draft, dash);
    } finally {
      this.draft = outer;
      this.stepNesting--;
    }
    return buildStep(draft, this.diagnostics, this.sourceMap);
  }

  /** How many step items enclose the one being read. */
  private stepNesting = 0;

  /** The step being read; the field handlers write into it (nested steps save and restore it). */
  private draft: StepDraft = newDraft({ file: this.file, line: 1, column: 1 });
  private readonly stepTable: Table = this.stepFields();

  private parseStepBody(draft: StepDraft, dash: Token): void {
    const head = this.peek();
    const table = this.stepTable;
    const seen = new Set<string>();
    if (head.kind === 'word' && (head.text === 'step' || head.text === 'parallel') && !this.atPunct(':', 1)) {
      this.advance();
      const name = this.name('a step name');
      draft.name = name.value;
      draft.at = name.at;
      this.expectPunct(':', `after the ${head.text} name`);
      const context = `${head.text} '${name.value}'`;
      if (head.text === 'parallel') this.parseParallelBody(draft, head, context, seen);
      else this.blockLines(() => this.field(table, context, seen));
    } else {
      this.field(table, 'a step', seen);
      const context = draft.name ? `step '${draft.name}'` : 'a step';
      this.lines(() => this.field(table, context, seen));
      if (draft.fieldAt.has('name')) draft.at = draft.fieldAt.get('name')!;
      else this.report('DZ103', 'step has no name (add name: NAME)', dash);
    }
  }

  /** parallelBody := NEWLINE INDENT (stepItem | 'on_any_failure' ':' POLICY | stepField)* DEDENT */
  private parseParallelBody(draft: StepDraft, head: Token, context: string, seen: Set<string>): void {
    draft.setters.push({ field: 'parallel', kind: 'parallel', at: this.loc(head) });
    const branches: ProcessStep[] = [];
    draft.sub_steps = branches;
    draft.fieldAt.set('sub_steps', this.loc(head));
    this.blockLines(() => {
      if (this.atPunct('-')) branches.push(this.parseStepItem());
      else this.field(this.stepTable, context, seen);
    });
  }

  /** The fields a step may have; each handler writes into the step being read (`this.draft`). */
  private stepFields(): Table {
    const set = <K extends keyof StepDraft>(
      d: StepDraft,
      field: K,
      v: Located<StepDraft[K]> | undefined,
    ): void => {
      if (!v) return;
      d[field] = v.value;
      d.fieldAt.set(field, v.at);
    };
    const scalar =
      <K extends keyof StepDraft>(
        field: K,
        read: () => Located<StepDraft[K]> | undefined,
        kind?: StepKind,
      ): FieldHandler =>
      (key) => {
        const d = this.draft;
        const v = read();
        this.endLine();
        set(d, field, v);
        if (kind) d.setters.push({ field: key.text, kind, at: this.loc(key) });
      };
    const block =
      <K extends keyof StepDraft>(field: K, read: () => StepDraft[K], kind?: StepKind): FieldHandler =>
      (key) => {
        const d = this.draft;
        if (kind) d.setters.push({ field: key.text, kind, at: this.loc(key) });
        const value = read();
        this.markBlock(value, key);
        set(d, field, { value, at: this.loc(key) });
      };
    const name = (what: string) => () => this.name(what);
    const target = name('a step name, complete or fail');
    const policy = () => this.oneOf(PARALLEL_POLICIES, 'parallel policy');
    const compensation = name('a compensation name');
    return {
      name: scalar('name', name('a step name')),
      kind: scalar('explicitKind', () => {
        const v = this.oneOf(STEP_KINDS, 'step kind');
        return v && { value: v, at: v.at };
      }),
      service: scalar('service', name('a service name'), 'service'),
      channel: scalar('channel', name('a channel name'), 'send'),
      message: scalar('message', name('a message name')),
      wait: (key) => this.parseWaitField(this.draft, key),
      wait_duration_seconds: scalar('wait_duration_seconds', () => this.integer('seconds'), 'wait'),
      wait_for_signal: scalar('wait_for_signal', name('a signal name'), 'wait'),
      correlation: scalar('wait_correlation', () => this.restOfLine('a correlation path')),
      human_task: block('human_task', () => this.parseHumanTask(), 'human_task'),
      subprocess: scalar('subprocess', name('a process name'), 'subprocess'),
      condition: scalar('condition', () => this.restOfLine('a condition'), 'condition'),
      on_true: scalar('on_true', target),
      on_false: scalar('on_false', target),
      query: scalar('query_entity', name('an entity name'), 'query'),
      filter: block('query_filter', () => this.parseFilter()),
      limit: scalar('query_limit', () => this.integer('a row limit')),
      foreach: scalar('foreach_source', name('a step name or a path'), 'foreach'),
      steps: block('sub_steps', () => this.parseSteps()),
      concurrency: scalar('foreach_concurrency', () => this.integer('a concurrency')),
      mode: scalar('foreach_mode', () => this.oneOf(['inline', 'distributed'] as const, 'foreach mode')),
      llm_intent: scalar('llm_intent', name('an intent name'), 'llm_intent'),
      input_map: block('llm_input_map', () => this.parseKeyValues('an input path')),
      effects: block('effects', () => this.parseEffects()),
      timeout: scalar('timeout_seconds', () => this.duration('a timeout')),
      retry: block('retry', () => this.parseRetry()),
      on_success: scalar('on_success', target),
      goto: scalar('on_success', target),
      on_failure: scalar('on_failure', target),
      compensate: scalar('compensate_with', compensation),
      compensate_with: scalar('compensate_with', compensation),
      inputs: block('inputs', () => this.parseInputMappings()),
      output: scalar('output_mapping', name('an output name')),
      satisfies: block('satisfies', () => this.parseSatisfies()),
      policy: scalar('parallel_policy', policy),
      on_any_failure: scalar('parallel_policy', policy),
    };
  }

  /** waitField := 'wait' ':' (DURATION | SIGNAL) — a value starting with a digit is a duration. */
  private parseWaitField(d: StepDraft, key: Token): void {
    const t = this.peek();
    if (t.kind === 'word' && /^\d/.test(t.text)) {
      const v = this.duration('a wait duration');
      if (v) {
        d.wait_duration_seconds = v.value;
        d.fieldAt.set('wait_duration_seconds', v.at);
      }
    } else {
      const v = this.name('a duration or a signal name');
      d.wait_for_signal = v.value;
      d.fieldAt.set('wait_for_signal', v.at);
    }
    this.endLine();
    d.setters.push({ field: key.text, kind: 'wait', at: this.loc(key) });
  }

  /**
   * humanTask := NEWLINE INDENT (surface | entity | title | assignee_role | assignee | form
   *              | timeout | escalation | outcomes)* DEDENT
   */
  protected parseHumanTask(): HumanTaskSpec {
    const task: HumanTaskSpec = { timeout_seconds: DEFAULTS.humanTaskTimeoutSeconds, outcomes: [] };
    const at: FieldLocations = {};
    const scalar = this.scalarInto(task, at);
    const block = this.blockInto(task, at);
    const name = (what: string) => () => this.name(what);
    this.endLine();
    this.fields(
      {
        surface: scalar('surface', name('a surface name')),
        entity: scalar('entity_path', name('an entity path')),
        title: scalar('title', () => this.stringValue('a title')),
        assignee_role: scalar('assignee_role', name('a role')),
        assignee: scalar('assignee_expression', () => this.restOfLine('an assignee expression')),
        form: block('form', () => this.parseFieldLines<FormField>('a form field')),
        timeout: scalar('timeout_seconds', () => this.duration('a task timeout')),
        escalation: scalar('escalation_timeout_seconds', () => this.duration('an escalation timeout')),
        outcomes: block('outcomes', () => this.parseOutcomes()),
      },
      'human_task',
    );
    this.markFields(task, at);
    return task;
  }

  /**
   * fieldLines := NEWLINE INDENT (NAME ':' TYPE ['required'] ['=' VALUE] [STRING])* DEDENT
   * (process inputs and human task forms). TYPE keeps its whole text: `str(255)`, `ref Client`.
   */
  protected parseFieldLines<T extends FormField>(what: string): T[] {
    const fields: T[] = [];
    this.blockLines(() => fields.push(this.parseFieldLine(what) as T));
    return fields;
  }

  private parseFieldLine(what: string): FormField {
    const name = this.name(what);
    this.expectPunct(':', `after the name of ${what}`);
    const type = this.typeText();
    const field: FormField = { name: name.value, type: type.value, required: false };
    const at: Record<string, Location> = { name: name.at, type: type.at };
    while (!this.atLineEnd()) {
      const t = this.peek();
      if (t.kind === 'word' && t.text === 'required') {
        this.advance();
        field.required = true;
        at.required = this.loc(t);
      } else if (this.atPunct('=')) {
        this.advance();
        const v = this.name('a default value');
        field.default = v.value;
        at.default = v.at;
      } else if (t.kind === 'string') {
        this.advance();
        field.description = t.value;
        at.description = this.loc(t);
      } else {
        this.fail(
          `unexpected ${this.describe(t)} in ${what} (expected required, = "default" or "description")`,
          t,
        );
      }
    }
    this.endLine();
    this.mark(field, name.at, at);
    return field;
  }

  /** TYPE: words and bracketed arguments up to `required`, `=`, a description or the line end. */
  protected typeText(): Located<string> {
    const first = this.peek();
    if (first.kind !== 'word') this.fail(`expected a type, found ${this.describe(first)}`, first);
    let text = '';
    let depth = 0;
    let last = first;
    while (!this.atLineEnd()) {
      const t = this.peek();
      if (
        depth === 0 &&
        text &&
        ((t.kind === 'word' && t.text === 'required') || this.atPunct('=') || t.kind === 'string')
      )
        break;
      if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) depth++;
      if (t.kind === 'punct' && (t.text === ')' || t.text === ']')) depth = Math.max(0, depth - 1);
      this.advance();
      text += (text && t.spaceBefore ? ' ' : '') + t.text;
      last = t;
    }
    const length =
      last.line === first.line ? last.column + last.text.length - first.column : first.text.length;
    return { value: text, at: this.span(first, length) };
  }

  /**
   * outcomes := NEWLINE INDENT outcomeItem* DEDENT
   * outcomeItem := '-' NAME [STRING] ':' [INDENT outcomeField* DEDENT]        (Dazzle form)
   *              | '-' outcomeField [INDENT outcomeField* DEDENT]            (documentation form)
   * outcomeField := label | goto | sets | confirm | style | name
   */
  protected parseOutcomes(): HumanTaskOutcome[] {
    return this.items("an outcome item ('- NAME:')", () => this.parseOutcome());
  }

  private parseOutcome(): HumanTaskOutcome {
    const dash = this.advance();
    const o: HumanTaskOutcome = {
      name: '',
      label: '',
      sets: [],
      goto: DEFAULTS.outcomeGoto,
      style: DEFAULTS.outcomeStyle,
    };
    const at: FieldLocations = {};
    const scalar = this.scalarInto(o, at);
    const table: Table = {
      name: scalar('name', () => this.name('an outcome name')),
      label: scalar('label', () => this.stringValue('a label')),
      goto: scalar('goto', () => this.name('a step name, complete or fail')),
      confirm: scalar('confirm', () => this.stringValue('a confirmation text')),
      style: scalar('style', () => this.name('a style')),
      sets: this.blockInto(o, at)('sets', () => this.parseAssignments()),
    };
    const head = this.parseItemBody('outcome', table, () => at.name !== undefined, dash);
    if (head) {
      o.name = head.name.value;
      at.name = head.name.at;
      if (head.label && !at.label) this.into(o, at, 'label', head.label);
    }
    if (!at.label) o.label = o.name;
    this.mark(o, at.name ?? this.loc(dash), at);
    return o;
  }

  /**
   * itemBody := NAME [STRING] ':' [INDENT field* DEDENT]     (Dazzle form; the head is returned)
   *           | field [INDENT field* DEDENT]                  (documentation form, with name:)
   */
  private parseItemBody(
    what: string,
    table: Table,
    hasName: () => boolean,
    dash: Token,
  ): ItemHead | undefined {
    const head = this.namedItemHead(what);
    if (head) {
      this.fields(table, `${what} '${head.name.value}'`);
      return head;
    }
    const seen = new Set<string>();
    this.field(table, `a ${what}`, seen);
    this.fields(table, `a ${what}`, seen);
    if (!hasName()) this.report('DZ103', `${what} has no name (add name: NAME)`, dash);
    return undefined;
  }

  /**
   * The Dazzle head of a named item, `NAME [STRING] ':'` ending the line; undefined (nothing
   * consumed) when the item is in the documentation form `key: value`.
   */
  protected namedItemHead(what: string): ItemHead | undefined {
    const t = this.peek();
    const docForm =
      t.kind === 'word' &&
      this.atPunct(':', 1) &&
      !['newline', 'eof', 'dedent', 'indent'].includes(this.peek(2).kind);
    if (docForm) return undefined;
    const name = this.name(`${what} name`);
    const label = this.at('string') ? this.name('a label') : undefined;
    this.expectPunct(':', `after the ${what} name`);
    this.endLine();
    return { name, label };
  }

  /**
   * assignments := NEWLINE INDENT ('-' PATH '->' (STRING | EXPRESSION))* DEDENT — a quoted value is
   * a string literal (stored without quotes, as Dazzle does; the source map says it was quoted).
   */
  protected parseAssignments(): FieldAssignment[] {
    let quoted = false;
    return this.arrowItems(
      'an assignment (- Entity.field -> value)',
      () => {
        quoted = this.atLoneString();
        return this.restOfLine('a value');
      },
      (left, right) => {
        const a: FieldAssignment = { field_path: left.value, value: right.value };
        this.mark(a, left.at, { field_path: left.at, value: right.at });
        if (quoted) this.sourceMap.markLiteral(a, 'value');
        return a;
      },
    );
  }

  /** inputMappings := NEWLINE INDENT ('-' PATH '->' NAME)* DEDENT */
  protected parseInputMappings(): InputMapping[] {
    return this.arrowItems(
      'an input mapping (- source.path -> target)',
      () => this.name('a target name'),
      (left, right) => {
        const m: InputMapping = { source: left.value, target: right.value };
        this.mark(m, left.at, { source: left.at, target: right.at });
        return m;
      },
    );
  }

  /** arrowItems := NEWLINE INDENT ('-' PATH '->' RIGHT)* DEDENT */
  private arrowItems<T>(
    what: string,
    readRight: () => Located<string>,
    build: (left: Located<string>, right: Located<string>) => T,
  ): T[] {
    return this.items(what, () => {
      this.advance();
      const left = this.name('a path');
      this.expectPunct('->', `in ${what}`);
      const right = readRight();
      this.endLine();
      return build(left, right);
    });
  }

  /**
   * retry := NEWLINE INDENT (max_attempts | backoff | interval | initial_interval
   *          | backoff_coefficient | max_interval)* DEDENT
   */
  protected parseRetry(): RetryConfig {
    const retry: RetryConfig = { ...DEFAULTS.retry };
    const at: FieldLocations = {};
    const scalar = this.scalarInto(retry, at);
    const interval = scalar('initial_interval_seconds', () => this.duration('a retry interval'));
    this.fields(
      {
        max_attempts: scalar('max_attempts', () => this.integer('max_attempts')),
        backoff: scalar('backoff', () => this.oneOf(BACKOFFS, 'backoff')),
        interval,
        initial_interval: interval,
        backoff_coefficient: scalar('backoff_coefficient', () => this.decimal('backoff_coefficient')),
        max_interval: scalar('max_interval_seconds', () => this.duration('max_interval')),
      },
      'retry',
    );
    this.markFields(retry, at);
    return retry;
  }

  /** effects := NEWLINE INDENT ('-' ('create' | 'update') ENTITY ':' [INDENT (where | set | sets)* DEDENT])* DEDENT */
  protected parseEffects(): StepEffect[] {
    const effects: StepEffect[] = [];
    this.blockLines(() => {
      this.expectPunct('-', "before an effect ('- create Entity:' or '- update Entity:')");
      const action = this.oneOf(['create', 'update'] as const, 'effect action');
      if (!action) throw new Bail('effect action reported');
      const entity = this.name('an entity name');
      this.expectPunct(':', 'after the effect entity');
      const effect: StepEffect = { action: action.value, entity_name: entity.value, assignments: [] };
      const at: FieldLocations = { action: action.at, entity_name: entity.at };
      const sets = this.blockInto(effect, at)('assignments', () => this.parseAssignments());
      this.endLine();
      this.fields(
        {
          where: this.scalarInto(effect, at)('where', () => this.restOfLine('a where condition')),
          set: sets,
          sets,
        },
        `effect '${action.value} ${entity.value}'`,
      );
      this.mark(effect, action.at, at);
      effects.push(effect);
    });
    return effects;
  }

  /** filter := NEWLINE INDENT (KEY ':' (LIST | VALUE))* DEDENT — Django-style keys. */
  protected parseFilter(): Record<string, string | string[]> {
    const filter: Record<string, string | string[]> = {};
    this.blockLines(() => {
      const key = this.name('a filter key (field__op)');
      this.expectPunct(':', 'after the filter key');
      if (this.atPunct('[')) filter[key.value] = this.nameList('a filter value').map((v) => v.value);
      else filter[key.value] = this.restOfLine('a filter value').value;
      this.endLine();
      this.sourceMap.setField(filter, key.value, key.at);
    });
    return filter;
  }

  /** keyValues := NEWLINE INDENT (KEY ':' VALUE)* DEDENT */
  protected parseKeyValues(what: string): Record<string, string> {
    const map: Record<string, string> = {};
    this.blockLines(() => {
      const key = this.name('a key');
      this.expectPunct(':', 'after the key');
      map[key.value] = this.restOfLine(what).value;
      this.endLine();
      this.sourceMap.setField(map, key.value, key.at);
    });
    return map;
  }

  /** satisfies := NEWLINE INDENT ('-' 'story' ':' ID [INDENT 'outcome' ':' STRING DEDENT])* DEDENT */
  protected parseSatisfies(): SatisfiesRef[] {
    return this.items("a satisfies item ('- story: ID')", () => {
      const dash = this.advance();
      const ref: SatisfiesRef = { story: '', outcome: '' };
      const at: FieldLocations = {};
      const scalar = this.scalarInto(ref, at);
      const table = {
        story: scalar('story', () => this.stringValue('a story id')),
        outcome: scalar('outcome', () => this.stringValue('an outcome text')),
      };
      const seen = new Set<string>();
      this.field(table, 'satisfies', seen);
      this.fields(table, 'satisfies', seen);
      this.mark(ref, at.story ?? this.loc(dash), at);
      return ref;
    });
  }

  /**
   * compensations := NEWLINE INDENT compensationItem* DEDENT
   * compensationItem := '-' NAME ':' [INDENT compensationField* DEDENT] | '-' compensationField …
   * compensationField := name | service | inputs | timeout | retry
   */
  protected parseCompensations(): CompensationSpec[] {
    return this.items("a compensation item ('- NAME:')", () => this.parseCompensation());
  }

  private parseCompensation(): CompensationSpec {
    const dash = this.advance();
    const c: CompensationSpec = {
      name: '',
      inputs: [],
      timeout_seconds: DEFAULTS.compensationTimeoutSeconds,
    };
    const at: FieldLocations = {};
    const scalar = this.scalarInto(c, at);
    const block = this.blockInto(c, at);
    const table: Table = {
      name: scalar('name', () => this.name('a compensation name')),
      service: scalar('service', () => this.name('a service name')),
      timeout: scalar('timeout_seconds', () => this.duration('a timeout')),
      inputs: block('inputs', () => this.parseInputMappings()),
      retry: block('retry', () => this.parseRetry()),
    };
    const head = this.parseItemBody('compensation', table, () => at.name !== undefined, dash);
    if (head) this.into(c, at, 'name', head.name);
    this.mark(c, at.name ?? this.loc(dash), at);
    return c;
  }
}
