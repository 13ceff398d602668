import { didYouMean, suggestionList } from '../diagnostics/suggest.ts';
import {
  type AppIR,
  DEFAULTS,
  OVERLAP_POLICIES,
  type ParamRef,
  type ProcessEventEmission,
  type ProcessInputField,
  type ProcessOutputField,
  type ProcessSpec,
  type ProcessTriggerSpec,
  paramKeyOf,
  type ScheduleSpec,
  STORY_STATUSES,
  type StoryCondition,
  type StoryException,
  type StorySpec,
} from '../ir/types.ts';
import type { Token } from '../lexer/token.ts';
import { Bail, type FieldHandler, type FieldLocations, type Located } from './cursor.ts';
import { dropUndefined } from './step-draft.ts';
import { StepParser } from './step-parser.ts';

export const STORY_TRIGGERS = [
  'form_submitted',
  'status_changed',
  'timer_elapsed',
  'external_event',
  'user_click',
  'cron_daily',
  'cron_hourly',
] as const;

const ENTITY_EVENTS = ['created', 'updated', 'deleted'] as const;

/** The constructs this parser reads; every other Dazzle construct is skipped by block. */
const PARSED_CONSTRUCTS = ['process', 'schedule', 'story'] as const;

/**
 * Every other top-level keyword of Dazzle's parser (`Parser._build_parse_dispatch` and
 * `parse_module_header` in dazzle/core/dsl_parser_impl, with their spellings from core/lexer.py):
 * valid Dazzle, skipped silently whatever follows the keyword (`entity X:`, `llm_config:`).
 */
const SKIPPED_CONSTRUCTS: ReadonlySet<string> = new Set([
  'module',
  'use',
  'app',
  'view',
  'archetype',
  'entity',
  'surface',
  'experience',
  'service',
  'foreign_model',
  'integration',
  'test',
  'workspace',
  'flow',
  'atomic',
  'persona',
  'scenario',
  'rhythm',
  'rule',
  'question',
  'message',
  'channel',
  'asset',
  'document',
  'template',
  'demo',
  'event_model',
  'subscribe',
  'projection',
  'stream',
  'hless',
  'policies',
  'tenancy',
  'interfaces',
  'data_products',
  'llm_model',
  'llm_config',
  'llm_intent',
  'ledger',
  'transaction',
  'enum',
  'webhook',
  'nav',
  'approval',
  'sla',
  'island',
  'notification',
  'job',
  'audit',
  'search',
  'grant_schema',
  'param',
  'feedback_widget',
  'guide',
  'subprocessor',
  'analytics',
]);

/**
 * The recursive-descent parser for `process`, `schedule` and `story` blocks (LANGUAGE.md). Other
 * top-level constructs are skipped by block. Never throws: syntax errors are located diagnostics,
 * and each costs only its own line and indented block.
 */
export class Parser extends StepParser {
  private readonly ir: AppIR = { processes: [], schedules: [], stories: [] };
  /** The file's `module a.b` name, if it declares one. */
  module: string | undefined;

  /** file := (process | schedule | story | otherConstruct)* EOF */
  parseFile(): AppIR {
    while (!this.at('eof')) {
      const start = this.pos;
      try {
        this.parseTopLevel();
      } catch (error) {
        if (!(error instanceof Bail)) throw error;
        this.skipRest();
      }
      if (this.pos === start) {
        this.skipRest();
        if (this.pos === start) this.advance();
      }
    }
    return this.ir;
  }

  private parseTopLevel(): void {
    const t = this.peek();
    const keyword = t.kind === 'word' && !this.atPunct(':', 1) ? t.text : undefined;
    if (keyword === 'process') this.ir.processes.push(this.parseProcess());
    else if (keyword === 'schedule') this.ir.schedules.push(this.parseSchedule());
    else if (keyword === 'story') this.ir.stories.push(this.parseStory());
    else {
      if (keyword === 'module' && this.peek(1).kind === 'word') this.module ??= this.peek(1).text;
      if (t.kind !== 'word') {
        this.report('DZ103', `unexpected ${this.describe(t)} at the top level (skipped)`, t);
      } else if (!SKIPPED_CONSTRUCTS.has(t.text)) {
        this.reportUnknownConstruct(t);
      }
      this.skipRest();
    }
  }

  /**
   * A word that starts no Dazzle construct. Close to `process`, `schedule` or `story` it is an error
   * (`proces hello:` would otherwise drop a whole process); else a warning, as any construct this
   * parser does not know. A `word:` line is a field outside its block.
   */
  private reportUnknownConstruct(t: Token): void {
    if (this.atPunct(':', 1)) {
      this.report('DZ200', `field '${t.text}' outside any block (skipped): check its indentation`, t);
      return;
    }
    const near = suggestionList(t.text, [...PARSED_CONSTRUCTS, ...SKIPPED_CONSTRUCTS]);
    const meant = near.find((n) => (PARSED_CONSTRUCTS as readonly string[]).includes(n));
    this.report(
      'DZ209',
      `unknown construct '${t.text}' (its block is skipped).${didYouMean(t.text, near)}`,
      t,
      meant ? 'error' : undefined,
    );
  }

  /** header := KEYWORD NAME [STRING] ':' NEWLINE */
  private parseHeader(what: string): { keyword: Token; name: Located<string>; title?: Located<string> } {
    const keyword = this.advance();
    const name = this.name(`a ${what} name`);
    const title = this.at('string') ? this.name('a title') : undefined;
    this.expectPunct(':', `after the ${what} header`);
    return { keyword, name, title };
  }

  /** body := NEWLINE INDENT [STRING NEWLINE] field* DEDENT — a lone string line is the description. */
  private parseBody(
    table: Record<string, FieldHandler>,
    context: string,
    description: (v: Located<string>) => void,
  ): void {
    const seen = new Set<string>();
    this.blockLines((first) => {
      if (first.kind === 'string') {
        description(this.name('a description'));
        this.endLine();
      } else this.field(table, context, seen);
    });
  }

  /**
   * process := 'process' NAME [STRING] ':' NEWLINE INDENT [STRING NEWLINE]
   *            (implements | trigger | input | output | steps | compensations | timeout | overlap
   *             | emits | description)* DEDENT
   */
  private parseProcess(): ProcessSpec {
    const { keyword, name, title } = this.parseHeader('process');
    const p: ProcessSpec = {
      name: name.value,
      title: title?.value,
      description: undefined,
      implements: [],
      trigger: undefined,
      inputs: [],
      outputs: [],
      steps: [],
      compensations: [],
      timeout_seconds: DEFAULTS.processTimeoutSeconds,
      overlap_policy: DEFAULTS.overlap,
      events: {},
      source: { file: this.file, line: keyword.line, column: keyword.column },
    };
    const at: FieldLocations = { name: name.at };
    if (title) at.title = title.at;
    const scalar = this.scalarInto(p, at);
    const block = this.blockInto(p, at);
    this.parseBody(
      {
        description: scalar('description', () => this.stringValue('a description')),
        implements: scalar('implements', () => this.idList()),
        trigger: (key) => {
          p.trigger = this.parseTrigger(key);
          at.trigger = this.loc(key);
        },
        input: block('inputs', () => this.parseFieldLines<ProcessInputField>('an input field')),
        output: block('outputs', () => this.parseOutputs()),
        steps: block('steps', () => this.parseSteps()),
        compensations: block('compensations', () => this.parseCompensations()),
        timeout: scalar('timeout_seconds', () => this.duration('a process timeout')),
        overlap: scalar('overlap_policy', () => this.oneOf(OVERLAP_POLICIES, 'overlap policy')),
        emits: block('events', () => this.parseEmits()),
      },
      `process '${p.name}'`,
      (v) => this.into(p, at, 'description', v),
    );
    const process = dropUndefined(p);
    this.mark(process, this.loc(keyword), at);
    return process;
  }

  /**
   * schedule := 'schedule' NAME [STRING] ':' NEWLINE INDENT [STRING NEWLINE]
   *             (implements | cron | interval | interval_seconds | timezone | catch_up | overlap
   *              | timeout | steps | emits | description)* DEDENT
   */
  private parseSchedule(): ScheduleSpec {
    const { keyword, name, title } = this.parseHeader('schedule');
    const s: ScheduleSpec = {
      name: name.value,
      title: title?.value,
      description: undefined,
      implements: [],
      cron: undefined,
      interval_seconds: undefined,
      timezone: DEFAULTS.timezone,
      catch_up: false,
      overlap: DEFAULTS.overlap,
      steps: [],
      timeout_seconds: DEFAULTS.scheduleTimeoutSeconds,
      events: {},
    };
    const at: FieldLocations = { name: name.at };
    if (title) at.title = title.at;
    const scalar = this.scalarInto(s, at);
    const block = this.blockInto(s, at);
    this.parseBody(
      {
        description: scalar('description', () => this.stringValue('a description')),
        implements: scalar('implements', () => this.idList()),
        cron: scalar('cron', () => this.stringOrParamRef('a cron expression', 'str', '')),
        interval: scalar('interval_seconds', () => this.duration('an interval')),
        interval_seconds: scalar('interval_seconds', () => this.integer('an interval in seconds')),
        timezone: scalar('timezone', () => this.stringOrParamRef('a timezone', 'str', DEFAULTS.timezone)),
        catch_up: scalar('catch_up', () => this.bool('catch_up')),
        overlap: scalar('overlap', () => this.oneOf(OVERLAP_POLICIES, 'overlap policy')),
        timeout: (key) => this.parseScheduleTimeout(s, at, key),
        steps: block('steps', () => this.parseSteps()),
        emits: block('events', () => this.parseEmits()),
      },
      `schedule '${s.name}'`,
      (v) => this.into(s, at, 'description', v),
    );
    const schedule = dropUndefined(s);
    this.mark(schedule, this.loc(keyword), at);
    return schedule;
  }

  /** scheduleTimeout := 'timeout' ':' (DURATION | 'param' '(' STRING ')') */
  private parseScheduleTimeout(s: ScheduleSpec, at: FieldLocations, key: Token): void {
    if (this.peek().text === 'param' && this.atPunct('(', 1)) {
      const v = this.stringOrParamRef('a timeout', 'int', DEFAULTS.scheduleTimeoutSeconds);
      s.timeout_seconds = v.value as ParamRef;
      at.timeout_seconds = v.at;
    } else {
      const v = this.duration('a schedule timeout');
      if (v) {
        s.timeout_seconds = v.value;
        at.timeout_seconds = v.at;
      }
    }
    this.endLine();
    at.timeout_seconds ??= this.loc(key);
  }

  /**
   * story := 'story' ID [STRING] ':' NEWLINE INDENT [STRING NEWLINE]
   *          (status | persona | trigger | entities | executed_by | narrative_only
   *           | given | when | then | unless | description)* DEDENT
   */
  private parseStory(): StorySpec {
    this.advance();
    const id = this.name('a story id');
    const title = this.at('string') ? this.name('a title') : undefined;
    if (!title) this.report('DZ103', `story '${id.value}' has no title (story ID "Title":)`, id.at);
    this.expectPunct(':', 'after the story header');
    const s: StorySpec = {
      story_id: id.value,
      title: title?.value ?? '',
      persona: undefined,
      trigger: undefined,
      entities: [],
      given: [],
      when: [],
      // biome-ignore lint/suspicious/noThenProperty: `then` is Dazzle's story field name (not a thenable)
      then: [],
      unless: [],
      status: 'draft',
      executed_by: undefined,
      narrative_only: false,
      description: undefined,
      source: { file: this.file, line: id.at.line, column: id.at.column },
    };
    const at: FieldLocations = { story_id: id.at };
    const scalar = this.scalarInto(s, at);
    const block = this.blockInto(s, at);
    const conditions = (field: 'given' | 'when' | 'then'): FieldHandler =>
      block(field, () => this.parseConditions());
    this.parseBody(
      {
        description: scalar('description', () => this.stringValue('a description')),
        status: scalar('status', () => this.oneOf(STORY_STATUSES, 'story status')),
        persona: scalar('persona', () => this.name('a persona')),
        actor: (key) =>
          this.renamedField(key, 'persona', () => this.into(s, at, 'persona', this.name('a persona'))),
        trigger: scalar('trigger', () => this.oneOf(STORY_TRIGGERS, 'story trigger')),
        entities: scalar('entities', () => this.idList()),
        scope: (key) => this.renamedField(key, 'entities', () => this.into(s, at, 'entities', this.idList())),
        executed_by: scalar('executed_by', () => this.name('process.NAME, service.NAME or surface.NAME')),
        narrative_only: scalar('narrative_only', () => this.bool('narrative_only')),
        given: conditions('given'),
        when: conditions('when'),
        // biome-ignore lint/suspicious/noThenProperty: `then` is Dazzle's story field name (not a thenable)
        then: conditions('then'),
        unless: block('unless', () => this.parseUnless()),
      },
      `story '${s.story_id}'`,
      (v) => this.into(s, at, 'description', v),
    );
    const story = dropUndefined(s);
    this.mark(story, id.at, at);
    return story;
  }

  /**
   * A story field Dazzle renamed (#1559: `actor:` → `persona:`, `scope:` → `entities:`): current
   * Dazzle rejects the old name, so it is an error that says the fix. The value is still read into
   * the new field, so the rest of the story checks as if it were fixed.
   */
  private renamedField(key: Token, renamed: string, read: () => void): void {
    this.report(
      'DZ208',
      `'${key.text}:' is no story field in current Dazzle: it was renamed '${renamed}:' (Dazzle #1559); write '${renamed}:'`,
      key,
    );
    read();
    this.endLine();
  }

  /** conditions := TEXT | NEWLINE INDENT ('-' TEXT NEWLINE)* DEDENT — TEXT is a string or words. */
  private parseConditions(): StoryCondition[] {
    const list: StoryCondition[] = [];
    const add = (v: Located<string>) => {
      const c: StoryCondition = { expression: v.value };
      const fieldPath = entityFieldPrefix(v.value);
      if (fieldPath) c.field_path = fieldPath;
      this.mark(c, v.at, { expression: v.at });
      list.push(c);
    };
    if (!this.atLineEnd()) {
      add(this.restOfLine('a condition'));
      this.endLine();
      return list;
    }
    this.blockLines(() => {
      this.expectPunct('-', 'before a condition (\'- "text"\')');
      add(this.restOfLine('a condition'));
      this.endLine();
    });
    return list;
  }

  /** unless := NEWLINE INDENT ('-' TEXT ':' NEWLINE INDENT 'then' ':' (TEXT | conditions) DEDENT)* DEDENT */
  private parseUnless(): StoryException[] {
    const list: StoryException[] = [];
    this.blockLines(() => {
      this.expectPunct('-', 'before an exception (\'- "condition":\')');
      const condition = this.textUntilColon();
      this.expectPunct(':', 'after the exception condition');
      const e: StoryException = { condition: condition.value, then_outcomes: [] };
      this.endLine();
      this.fields(
        {
          // biome-ignore lint/suspicious/noThenProperty: `then` is Dazzle's story field name (not a thenable)
          then: () => {
            e.then_outcomes.push(...this.parseConditions().map((c) => c.expression));
          },
        },
        'unless',
      );
      this.mark(e, condition.at, { condition: condition.at });
      list.push(e);
    });
    return list;
  }

  private textUntilColon(): Located<string> {
    const first = this.peek();
    if (first.kind === 'string') return this.name('a condition');
    let text = '';
    while (!this.atLineEnd() && !this.atPunct(':')) {
      const t = this.advance();
      text += (text && t.spaceBefore ? ' ' : '') + t.text;
    }
    if (!text) this.fail('expected a condition');
    return { value: text, at: this.loc(first) };
  }

  /**
   * trigger := 'trigger' ':' (triggerExpr | NEWLINE INDENT ('when' ':' triggerExpr | 'timezone' ':' TZ)* DEDENT)
   */
  private parseTrigger(key: Token): ProcessTriggerSpec | undefined {
    if (!this.atLineEnd()) {
      const trigger = this.parseTriggerExpr();
      this.endLine();
      return trigger;
    }
    let trigger: ProcessTriggerSpec | undefined;
    let timezone: Located<string> | undefined;
    let sawWhen = false;
    this.fields(
      {
        when: () => {
          sawWhen = true;
          trigger = this.parseTriggerExpr();
          this.endLine();
        },
        timezone: () => {
          timezone = this.stringOrParam('a timezone');
          this.endLine();
        },
      },
      'trigger',
    );
    if (!trigger) {
      if (!sawWhen) this.report('DZ103', "trigger block has no 'when:' line", key);
      return undefined;
    }
    if (timezone) {
      trigger.timezone = timezone.value;
      this.sourceMap.setField(trigger, 'timezone', timezone.at);
    }
    return trigger;
  }

  /**
   * triggerExpr := 'entity' NAME ('created' | 'updated' | 'deleted' | 'status' [NAME] '->' NAME)
   *              | 'manual' | 'signal' NAME | 'process' NAME 'completed' | 'cron' STRING | 'interval' DURATION
   */
  private parseTriggerExpr(): ProcessTriggerSpec {
    const word = this.name('a trigger (entity, manual, signal, process, cron or interval)');
    const t: ProcessTriggerSpec = {
      kind: 'manual',
      entity_name: undefined,
      event_type: undefined,
      from_status: undefined,
      to_status: undefined,
      cron: undefined,
      interval_seconds: undefined,
      timezone: DEFAULTS.timezone,
      process_name: undefined,
    };
    const at: FieldLocations = { kind: word.at };
    switch (word.value) {
      case 'manual':
        break;
      case 'entity':
        this.parseEntityTrigger(t, at);
        break;
      case 'signal':
        t.kind = 'signal';
        this.into(t, at, 'process_name', this.name('a signal name'));
        break;
      case 'process':
        t.kind = 'process_completed';
        this.into(t, at, 'process_name', this.name('a process name'));
        if (this.peek().text !== 'completed') this.fail("expected 'completed' after the process name");
        this.advance();
        break;
      case 'cron':
        t.kind = 'schedule_cron';
        this.into(t, at, 'cron', this.stringOrParam('a cron expression'));
        break;
      case 'interval': {
        t.kind = 'schedule_interval';
        const v = this.duration('an interval');
        if (v) this.into(t, at, 'interval_seconds', v);
        break;
      }
      default:
        this.report(
          'DZ204',
          `unknown trigger '${word.value}': use entity, manual, signal, process, cron or interval`,
          word.at,
        );
        throw new Bail('trigger reported');
    }
    const trigger = dropUndefined(t);
    this.mark(trigger, word.at, at);
    return trigger;
  }

  private parseEntityTrigger(t: ProcessTriggerSpec, at: FieldLocations): void {
    this.into(t, at, 'entity_name', this.name('an entity name'));
    const what = this.name('created, updated, deleted or status');
    if (what.value === 'status') {
      t.kind = 'entity_status_transition';
      if (!this.atPunct('->')) this.into(t, at, 'from_status', this.name('a status'));
      this.expectPunct('->', 'in a status transition (status FROM -> TO)');
      this.into(t, at, 'to_status', this.name('a status'));
    } else if ((ENTITY_EVENTS as readonly string[]).includes(what.value)) {
      t.kind = 'entity_event';
      this.into(t, at, 'event_type', what as Located<ProcessTriggerSpec['event_type']>);
    } else {
      this.report(
        'DZ204',
        `unknown entity event '${what.value}': use created, updated, deleted or status`,
        what.at,
      );
      throw new Bail('entity event reported');
    }
  }

  /** outputs := NEWLINE INDENT (NAME ':' TYPE [STRING] [NEWLINE INDENT satisfies DEDENT])* DEDENT */
  private parseOutputs(): ProcessOutputField[] {
    const outputs: ProcessOutputField[] = [];
    this.blockLines(() => {
      const name = this.name('an output name');
      this.expectPunct(':', 'after the output name');
      const type = this.typeText();
      const o: ProcessOutputField = {
        name: name.value,
        type: type.value,
        description: undefined,
        satisfies: [],
      };
      const at: FieldLocations = { name: name.at, type: type.at };
      if (this.at('string')) this.into(o, at, 'description', this.name('a description'));
      this.endLine();
      this.fields(
        {
          satisfies: (key) => {
            o.satisfies = this.parseSatisfies();
            at.satisfies = this.loc(key);
          },
        },
        `output '${o.name}'`,
      );
      const output = dropUndefined(o);
      this.mark(output, name.at, at);
      outputs.push(output);
    });
    return outputs;
  }

  /** emits := NEWLINE INDENT ('on_start' | 'on_complete' | 'on_failure') ':' NAME)* DEDENT */
  private parseEmits(): ProcessEventEmission {
    const events: ProcessEventEmission = {};
    const at: FieldLocations = {};
    const scalar = this.scalarInto(events, at);
    const event = (field: keyof ProcessEventEmission) => scalar(field, () => this.name('an event name'));
    this.fields(
      { on_start: event('on_start'), on_complete: event('on_complete'), on_failure: event('on_failure') },
      'emits',
    );
    this.markFields(events, at);
    return events;
  }

  /** ids := '[' ID (',' ID)* ']' | ID */
  private idList(): Located<string[]> {
    const first = this.peek();
    const items = this.nameList('an id');
    const last = this.tokens[this.pos - 1];
    const length =
      last.line === first.line ? last.column + last.text.length - first.column : first.text.length;
    return { value: items.map((i) => i.value), at: this.span(first, length) };
  }

  /**
   * STRING | 'param' '(' STRING ')' — a schedule's param is Dazzle's `ParamRef` `{key, param_type,
   * default}` (`_parse_string_or_param` in Dazzle's parser), with the type and default Dazzle gives it.
   */
  private stringOrParamRef<T extends string | number>(
    what: string,
    paramType: 'str' | 'int',
    fallback: T,
  ): Located<string | ParamRef> {
    const v = this.stringOrParam(what);
    const key = paramKeyOf(v.value);
    if (key === undefined || this.tokens[this.pos - 1]?.kind === 'string') return v;
    return { value: { key, param_type: paramType, default: fallback }, at: v.at };
  }

  /**
   * STRING | 'param' '(' STRING ')' — in a process trigger (our extension: Dazzle's triggers have no
   * cron) a param reference is kept as written: `param("key")`.
   */
  private stringOrParam(what: string): Located<string> {
    const first = this.peek();
    if (first.kind === 'word' && first.text === 'param' && this.atPunct('(', 1)) {
      this.advance();
      this.advance();
      const key = this.peek();
      if (key.kind !== 'string') this.fail('expected a quoted parameter key: param("key")', key);
      this.advance();
      this.expectPunct(')', 'after the parameter key');
      return { value: `param(${JSON.stringify(key.value)})`, at: this.loc(first) };
    }
    return this.stringValue(what);
  }
}

/** Dazzle's `Entity.field` probe: an uppercase-initial name, a dot, a lowercase-initial name, at the start. */
export function entityFieldPrefix(text: string): string | undefined {
  return /^[A-Z][A-Za-z0-9_]*\.[a-z][A-Za-z0-9_]*/.exec(text)?.[0];
}
