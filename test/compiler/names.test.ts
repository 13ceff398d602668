// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` are the ASL placeholders, not templates.
/**
 * Generated names (LANGUAGE.md "Names and overlap"): processes and schedules are separate
 * namespaces, dotted service names map to collision-free tokens.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fnv1a,
  nameToken,
  parseWorkflowKey,
  qualifiedName,
  workflowKey,
} from '../../compiler/contracts/names.ts';
import { PLACEHOLDER } from '../../compiler/contracts/runtime.ts';
import { compileSources } from '../../compiler/index.ts';
import { lookupWorkflow } from '../../compiler/tools/workflowAddress.ts';

const CLASH = join(import.meta.dirname, '../fixtures/names/clash.dsl');
const clash = () => compileSources([{ name: 'clash.dsl', text: readFileSync(CLASH, 'utf8') }]);

describe('a process and a schedule of one name', () => {
  it('both compile, each with its own id, definition, lock and Scheduler entry', () => {
    const result = clash();
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { manifest, asl } = result.artifacts!;
    const ids = manifest.workflows.map((w) => w.id);
    expect(ids).toEqual(['process-daily_report', 'schedule-daily_report', 'process-order_lifecycle']);
    expect(Object.keys(asl).sort()).toEqual([...ids].sort());
    expect(manifest.workflows.map((w) => w.asl)).toEqual(ids.map((id) => `${id}.asl.json`));
    const [process, schedule] = manifest.workflows;
    expect([process.kind, process.name, schedule.kind, schedule.name]).toEqual([
      'process',
      'daily_report',
      'schedule',
      'daily_report',
    ]);
    expect(process.schedules.map((s) => s.id)).toEqual(['process-daily_report']);
    expect(schedule.schedules.map((s) => s.id)).toEqual(['schedule-daily_report']);
    // Both skip on overlap: with one lock item they would skip each other.
    expect(process.overlap.lock?.pk).toBe('LOCK#process-daily_report');
    expect(schedule.overlap.lock?.pk).toBe('LOCK#schedule-daily_report');
    expect(asl['process-daily_report']).toContain('LOCK#process-daily_report');
    expect(asl['schedule-daily_report']).toContain('LOCK#schedule-daily_report');
  });

  it('keeps the two definitions apart (not one overwriting the other)', () => {
    const { asl } = clash().artifacts!;
    expect(asl['process-daily_report']).toContain(PLACEHOLDER.serviceFunction('Reporting.daily_summary'));
    expect(asl['schedule-daily_report']).toContain(PLACEHOLDER.serviceFunction('generate_report'));
  });

  it('is addressed as process:x / schedule:x; the bare name is ambiguous and lists both', () => {
    const { manifest } = clash().artifacts!;
    const found = (address: string) => {
      const r = lookupWorkflow(manifest.workflows, address);
      return 'found' in r ? r.found.id : r;
    };
    expect(found('process:daily_report')).toBe('process-daily_report');
    expect(found('schedule:daily_report')).toBe('schedule-daily_report');
    expect(found('schedule-daily_report')).toBe('schedule-daily_report');
    expect(found('order_lifecycle')).toBe('process-order_lifecycle');
    expect(found('daily_report')).toEqual({
      ambiguous: true,
      error:
        "'daily_report' names both process:daily_report and schedule:daily_report; write process:daily_report or schedule:daily_report",
    });
    expect(found('schedule:order_lifecycle')).toMatchObject({ ambiguous: false });
    expect(found('daily_reprt')).toMatchObject({
      ambiguous: false,
      error: expect.stringContaining('did you mean process:daily_report, schedule:daily_report?'),
    });
  });
});

describe('names of workflows', () => {
  it('say the kind, and read back', () => {
    for (const ref of [
      { kind: 'process', name: 'daily_report' },
      { kind: 'schedule', name: 'daily_report' },
      { kind: 'schedule', name: 'a-b' },
    ] as const) {
      expect(parseWorkflowKey(workflowKey(ref))).toEqual(ref);
    }
    expect(qualifiedName({ kind: 'schedule', name: 'x' })).toBe('schedule:x');
    expect(PLACEHOLDER.stateMachine({ kind: 'process', name: 'x' })).not.toBe(
      PLACEHOLDER.stateMachine({ kind: 'schedule', name: 'x' }),
    );
  });
});

describe('dotted service names', () => {
  it('map to [A-Za-z0-9_] tokens, deterministic, apart from the underscored name', () => {
    expect(nameToken('charge_card')).toBe('charge_card');
    expect(nameToken('Fulfillment.ship')).toBe(`Fulfillment_ship_${fnv1a('Fulfillment.ship')}`);
    expect(nameToken('Fulfillment.ship')).toMatch(/^[A-Za-z0-9_]+$/);
    expect(nameToken('Fulfillment.ship')).not.toBe(nameToken('Fulfillment_ship'));
    expect(nameToken('Fulfillment.ship')).toBe(nameToken('Fulfillment.ship'));
    const { asl } = clash().artifacts!;
    const text = asl['process-order_lifecycle'];
    expect(text).toContain(`\${Service_Fulfillment_ship_${fnv1a('Fulfillment.ship')}}`);
    expect(text).toContain('${Service_Fulfillment_ship}');
  });

  it('reports DZ607 when two services would still share a token', () => {
    const twin = nameToken('Fulfillment.ship');
    const text = readFileSync(CLASH, 'utf8').replace('service: Fulfillment_ship', `service: ${twin}`);
    const result = compileSources([{ name: 'clash.dsl', text }]);
    expect(result.artifacts).toBeUndefined();
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({
        code: 'DZ607',
        file: 'clash.dsl',
        line: 20,
        message: expect.stringContaining(`'Fulfillment.ship' and '${twin}'`),
      }),
    ]);
  });
});
