import { describe, expect, it } from 'vitest';
import { checkAwsDefinition } from '../../compiler/asl/definitionChecks.ts';
import { checkSources } from '../../compiler/frontend.ts';
import { compileSources } from '../../compiler/index.ts';
import { aslValidator } from '../../host/asl-validator.ts';
import { DOCS_DSL, DOCS_WORKFLOWS } from '../fixtures/dazzle-docs/docs-page.ts';

describe("the examples of Dazzle's Processes docs page (both versions, one file)", () => {
  it('validate with no errors, and load every process and schedule they show', () => {
    const { ir, diagnostics } = checkSources([{ name: 'processes.dsl', text: DOCS_DSL }]);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(ir.processes.map((p) => p.name)).toEqual([
      'order_lifecycle_v1',
      'daily_report',
      'expense_approval_v1',
      'order_lifecycle',
      'expense_approval',
    ]);
    expect(ir.schedules.map((s) => s.name)).toEqual([
      'daily_report_v1',
      'hourly_sync_v1',
      'daily_report',
      'daily_report_v2',
      'hourly_sync',
    ]);
  });

  it('compile, asl-validator and the checks AWS runs at creation passing', () => {
    const text = DOCS_DSL;
    const result = compileSources([{ name: 'processes.dsl', text }], { validateAsl: aslValidator() });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // The step after a human task whose outcomes all end (expense_approval, both versions) is
    // unreachable: a warning, and left out of the ASL (AWS rejects an unreachable state).
    expect(result.diagnostics.filter((d) => d.code === 'DZ307').map((d) => d.line)).toEqual([64, 155]);
    const asl = result.artifacts?.asl ?? {};
    expect(Object.keys(asl).sort()).toEqual(DOCS_WORKFLOWS);
    for (const [id, json] of Object.entries(asl)) {
      const definition = JSON.parse(json);
      expect(checkAwsDefinition(definition), id).toEqual([]);
      expect(Object.keys(definition.States), id).not.toContain('notify');
    }
  });
});
