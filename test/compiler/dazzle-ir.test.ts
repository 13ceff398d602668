import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.ts';
import { checkSources } from '../../compiler/frontend.ts';
import { compileSources } from '../../compiler/index.ts';
import { parseSource } from '../../compiler/parser/index.ts';

/**
 * Dazzle's own files load with Dazzle's IR. Each expectation comes from Dazzle's source
 * (manwithacat/dazzle, src/dazzle/core): its pydantic models (ir/process.py, ir/stories.py,
 * ir/params.py), its parser (dsl_parser_impl/process.py, story.py, __init__.py) and its runtime
 * (http/runtime/side_effect_executor.py), never from our own output.
 */
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures');
const errors = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.severity === 'error');

const closePeriod = `
process close_period "Close Period":
  trigger: manual
  steps:
    - step open_tasks:
        effects:
          - create Task:
              set:
                - Task.title -> "Confirm period close"
                - Task.kind -> 'Follow-up task'
                - Task.owner -> self.owner_id
    - step confirm:
        human_task:
          surface: period_review
          outcomes:
            - close "Close":
                goto: complete
                sets:
                  - Task.note -> "Closed by the controller - no follow-up"
`;

describe("Dazzle's IR", () => {
  it('stores a quoted sets value with spaces or hyphens as the string, and compiles it as one', () => {
    // process.py `_parse_field_value`: a STRING token's value, without quotes.
    const { ir, diagnostics } = checkSources([{ name: 'p.dsl', text: closePeriod }]);
    expect(errors(diagnostics)).toEqual([]);
    const [open, confirm] = ir.processes[0].steps;
    expect(open.effects[0].assignments.map((a) => a.value)).toEqual([
      'Confirm period close',
      'Follow-up task',
      'self.owner_id',
    ]);
    expect(confirm.kind === 'human_task' && confirm.human_task.outcomes[0].sets[0].value).toBe(
      'Closed by the controller - no follow-up',
    );
    const result = compileSources([{ name: 'p.dsl', text: closePeriod }]);
    expect(errors(result.diagnostics)).toEqual([]);
    const asl = result.artifacts!.asl['process-close_period'];
    // JSONata string literals inside the definition (JSON-escaped once more in the file).
    expect(asl).toContain('\\"Confirm period close\\"');
    expect(asl).toContain('\\"Follow-up task\\"');
    expect(asl).toContain('\\"Closed by the controller - no follow-up\\"');
  });

  it('still reports an unquoted value that is no expression', () => {
    const text = closePeriod.replace('"Confirm period close"', 'Confirm period close');
    const { diagnostics } = checkSources([{ name: 'p.dsl', text }]);
    expect(errors(diagnostics).map((d) => [d.code, d.line])).toEqual([['DZ400', 9]]);
  });

  it('names effect fields entity_name and assignments (StepEffect), for set: and sets:', () => {
    const { ir } = parseSource({ name: 'p.dsl', text: closePeriod.replace('set:', 'sets:') });
    expect(Object.keys(ir.processes[0].steps[0].effects[0])).toEqual([
      'action',
      'entity_name',
      'assignments',
    ]);
  });

  it('loads the processes.json that Dazzle writes (model_dump: every field, nulls), and compiles it', () => {
    const file = {
      name: 'processes.json',
      text: readFileSync(join(FIXTURES, 'dazzle/processes.json'), 'utf8'),
    };
    const { ir, diagnostics } = checkSources([file]);
    expect(errors(diagnostics)).toEqual([]);
    expect(ir.processes[0].steps[0].effects[0]).toEqual({
      action: 'create',
      entity_name: 'Task',
      assignments: [
        { field_path: 'Task.title', value: 'Confirm period close' },
        { field_path: 'Task.kind', value: 'Follow-up task' },
        { field_path: 'Task.period', value: 'input.period_id' },
      ],
    });
    const result = compileSources([file]);
    expect(errors(result.diagnostics)).toEqual([]);
    expect(result.artifacts!.asl['process-close_period']).toContain('\\"Closed by the controller\\"');
  });

  it('holds schedule params as ParamRef {key, param_type, default}, and the manifest still resolves them', () => {
    // process.py: `_parse_string_or_param(param_type="str", default="")` for cron, default "UTC"
    // for timezone; `ParamRef(key=…, param_type="int", default=3600)` for timeout.
    const text = `
schedule nightly "Nightly":
  cron: param("nightly_cron")
  timezone: param("nightly_tz")
  timeout: param("nightly_timeout")
  steps:
    - step run:
        service: run_nightly
`;
    const result = compileSources([{ name: 's.dsl', text }]);
    expect(errors(result.diagnostics)).toEqual([]);
    expect(JSON.parse(JSON.stringify(result.ir.schedules[0]))).toMatchObject({
      cron: { key: 'nightly_cron', param_type: 'str', default: '' },
      timezone: { key: 'nightly_tz', param_type: 'str', default: 'UTC' },
      timeout_seconds: { key: 'nightly_timeout', param_type: 'int', default: 3600 },
    });
    const entry = result.artifacts!.manifest.workflows[0];
    expect(entry.schedules[0]).toMatchObject({
      expression: { param: 'nightly_cron' },
      timezone: { param: 'nightly_tz' },
    });
    expect(entry.timeout_param).toBe('param("nightly_timeout")');
    expect(entry.timeout_seconds).toBe(3600);
  });

  it('gives a story without entities: "entities": [] (StorySpec.entities default_factory=list)', () => {
    const { ir } = parseSource({
      name: 's.dsl',
      text: 'story ST-1 "T":\n  persona: clerk\n  trigger: user_click\n',
    });
    expect(JSON.parse(JSON.stringify(ir.stories[0])).entities).toEqual([]);
  });

  it('skips a top-level llm_config: block (TokenType.LLM_CONFIG) and other Dazzle constructs silently', () => {
    const text = `llm_config:
  default_model: claude
policies:
  x: y
entity Foo "Foo":
  id: uuid pk
process p:
  steps:
    - step a:
        service: a
`;
    const { ir, diagnostics } = parseSource({ name: 'x.dsl', text });
    expect(diagnostics).toEqual([]);
    expect(ir.processes.map((p) => p.name)).toEqual(['p']);
  });

  it('reports a misspelt top-level keyword with "did you mean" instead of dropping the block silently', () => {
    const text =
      'proces hello:\n  steps:\n    - step a:\n        service: a\nshedule x:\n  cron: "0 8 * * *"\nfrobnicate z:\n  a: b\n';
    const { diagnostics } = parseSource({ name: 'x.dsl', text });
    expect(diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([
      ['DZ209', 'error', 1, 1],
      ['DZ209', 'error', 5, 1],
      ['DZ209', 'warning', 7, 1],
    ]);
    expect(diagnostics[0].message).toContain('Did you mean "process"?');
    expect(diagnostics[1].message).toContain('Did you mean "schedule"?');
  });
});
