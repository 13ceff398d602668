import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkSources } from '../../compiler/frontend.ts';

const FILE = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/dazzle-docs/processes.dsl');

describe("the examples of Dazzle's Processes docs page (both versions, one file)", () => {
  it('validate with no errors, and load every process and schedule they show', () => {
    const { ir, diagnostics } = checkSources([{ name: 'processes.dsl', text: readFileSync(FILE, 'utf8') }]);
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
});
