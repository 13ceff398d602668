import { describe, expect, it } from 'vitest';
import type { AppIR, Workflow } from '../../../compiler/ir/types.ts';
import { COMPLETE, diagramModel, FAILED, START, toMermaid, wrap } from '../../../compiler/tools/diagram.ts';
import { renderSvg } from '../../../compiler/tools/diagramSvg.ts';
import { app, appFiles, dsl, exampleFiles } from './harness.ts';

const examples = app(...exampleFiles());

function workflow(ir: AppIR, name: string): Workflow {
  const process = ir.processes.find((p) => p.name === name);
  if (process) return { kind: 'process', spec: process };
  return { kind: 'schedule', spec: ir.schedules.find((s) => s.name === name)! };
}

const edges = (w: Workflow) =>
  diagramModel(w).edges.map((e) => `${e.from} -${e.kind}${e.label ? `(${e.label})` : ''}-> ${e.to}`);

describe('diagram model', () => {
  it('order_fulfillment: trigger start, success / error / yes-no edges and compensations', () => {
    const w = workflow(examples, 'order_fulfillment');
    const model = diagramModel(w);
    expect(model.nodes.find((n) => n.id === START)?.label).toEqual(['entity Order status → confirmed']);
    const shapes = Object.fromEntries(model.nodes.map((n) => [n.id, n.shape]));
    expect(shapes).toMatchObject({
      s_reserve_stock: 'rect',
      s_choose_shipping: 'rhombus',
      s_standard_shipment: 'subroutine',
      s_notify_shipped: 'send',
      c_release_stock: 'parallelogram',
      [COMPLETE]: 'end',
      [FAILED]: 'fail',
    });
    expect(edges(w)).toEqual([
      's_reserve_stock -success-> s_charge_payment',
      's_charge_payment -success-> s_choose_shipping',
      's_charge_payment -error(error)-> s_notify_payment_failed',
      's_choose_shipping -yes(yes)-> s_express_shipment',
      's_choose_shipping -no(no)-> s_standard_shipment',
      's_express_shipment -success-> s_notify_shipped',
      's_standard_shipment -success-> s_notify_shipped',
      's_notify_shipped -success-> COMPLETE',
      's_notify_payment_failed -success-> FAILED',
      'START -success-> s_reserve_stock',
      's_reserve_stock -compensation(undo)-> c_release_stock',
      's_charge_payment -compensation(undo)-> c_refund_payment',
    ]);
  });

  it('human task outcomes are labelled edges; no Failed node when nothing leads there', () => {
    const w = workflow(examples, 'expense_approval');
    const model = diagramModel(w);
    expect(model.nodes.find((n) => n.id === 's_manager_review')?.shape).toBe('trapezoid');
    expect(edges(w).filter((e) => e.startsWith('s_manager_review'))).toEqual([
      's_manager_review -outcome(Approve)-> s_pay_out',
      's_manager_review -outcome(Reject)-> s_notify_rejected',
    ]);
    expect(model.nodes.some((n) => n.id === FAILED)).toBe(false);
  });

  it('parallel branches fork and join inside a cluster; foreach loops back', () => {
    const parallel = diagramModel(workflow(examples, 'standard_shipping'));
    expect(parallel.clusters).toEqual([
      { id: 's_prepare_parcel__cluster', label: 'parallel prepare_parcel (wait_all)', parent: undefined },
    ]);
    expect(edges(workflow(examples, 'standard_shipping'))).toEqual(
      expect.arrayContaining([
        's_prepare_parcel -success-> s_prepare_parcel__pack_items',
        's_prepare_parcel__pack_items -success-> s_prepare_parcel__join',
        's_prepare_parcel__join -success-> s_hand_over',
      ]),
    );
    expect(edges(workflow(examples, 'archive_old_orders'))).toEqual(
      expect.arrayContaining([
        's_archive_each -loop(next item)-> s_archive_each__archive_one',
        's_archive_each__archive_one -success-> s_archive_each',
        's_archive_each -success(done)-> COMPLETE',
      ]),
    );
  });

  it('complete / fail written in a branch or foreach body go to the process ends, not the join', () => {
    const ir = app(dsl`
      module t.exits

      process exits_demo "Exits inside nested scopes":
        trigger:
          when: manual
        input:
          amount: int required
          items: json required
        steps:
          - parallel checks:
              - step quick_check:
                  service: quick_check
                  on_success: complete
              - step limit_check:
                  condition: amount > 100
                  on_true: fail
              on_any_failure: wait_all
              on_failure: recover
          - step each_item:
              foreach: input.items
              steps:
                - step stop_here:
                    condition: item.stop = true
                    on_true: complete
          - step recover:
              service: recover
    `);
    const w = workflow(ir, 'exits_demo');
    expect(edges(w)).toEqual(
      expect.arrayContaining([
        's_checks__quick_check -success-> COMPLETE',
        's_checks__limit_check -yes(yes)-> FAILED',
        's_checks__limit_check -no(no)-> s_checks__join',
        's_checks__join -success-> s_each_item',
        's_each_item__stop_here -yes(yes)-> COMPLETE',
        's_each_item__stop_here -no(no)-> s_each_item',
      ]),
    );
    const model = diagramModel(w);
    expect(model.nodes.some((n) => n.id === FAILED)).toBe(true);
    expect(renderSvg(model)).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('a schedule starts at its cron and time zone', () => {
    const model = diagramModel(workflow(examples, 'overdue_invoice_reminders'));
    expect(model.nodes[0].label).toEqual(['cron "0 2 * * *" Europe/London']);
  });

  it('wraps long labels', () => {
    expect(wrap('input.amount > 1000 or classify_claim.category = "travel"', 36)).toEqual([
      'input.amount > 1000 or',
      'classify_claim.category = "travel"',
    ]);
  });
});

describe('Mermaid', () => {
  it('draws each kind with its shape and escapes labels', () => {
    const text = toMermaid(diagramModel(workflow(examples, 'order_fulfillment')));
    const lines = text.split('\n');
    expect(lines[0]).toBe('flowchart TD');
    expect(lines).toContain('    START(["entity Order status → confirmed"])');
    expect(lines).toContain('    s_choose_shipping{"choose_shipping<br/>priority = express"}');
    expect(lines).toContain('    s_standard_shipment[["standard_shipment<br/>→ standard_shipping"]]');
    expect(lines).toContain('    s_charge_payment -.->|error| s_notify_payment_failed');
    expect(lines).toContain('    s_choose_shipping -->|yes| s_express_shipment');
    expect(lines).toContain('    subgraph compensations ["Compensations (reverse order on failure)"]');
    expect(text).not.toMatch(/\["[^"\]]*"[^\]]*"\]/); // no raw quote inside a label
  });

  it('every process and schedule of the fixtures and example app draws with every step', () => {
    // (The docs examples hold unreachable steps, which the diagram, as the plan, leaves out.)
    for (const ir of [examples, app(...appFiles('helpdesk'))]) {
      for (const w of [
        ...ir.processes.map((spec): Workflow => ({ kind: 'process', spec })),
        ...ir.schedules.map((spec): Workflow => ({ kind: 'schedule', spec })),
      ]) {
        const model = diagramModel(w);
        const ids = new Set(model.nodes.map((n) => n.id));
        for (const e of model.edges) {
          expect(ids.has(e.from), `${w.spec.name}: ${e.from}`).toBe(true);
          expect(ids.has(e.to), `${w.spec.name}: ${e.to}`).toBe(true);
        }
        for (const step of w.spec.steps)
          expect(ids.has(`s_${step.name}`), `${w.spec.name}.${step.name}`).toBe(true);
        expect(toMermaid(model).startsWith('flowchart TD\n')).toBe(true);
      }
    }
  });
});

describe('SVG', () => {
  it('lays out every node and edge with finite coordinates', () => {
    const model = diagramModel(workflow(examples, 'order_fulfillment'));
    const svg = renderSvg(model);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    expect(svg.match(/<g class="node /g)).toHaveLength(model.nodes.length);
    expect(svg.match(/<g class="edge /g)).toHaveLength(model.edges.length);
    expect(svg).toContain('stroke-dasharray="6 4"'); // the error edge
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!;
    expect(Number(w)).toBeGreaterThan(400);
    expect(Number(h)).toBeGreaterThan(400);
  });

  it("widens a narrow flow to its caption (the workflow's name and title) and centres the flow", () => {
    for (const name of ['heartbeat', 'stock_level_sync', 'welcome_customer']) {
      const model = diagramModel(workflow(examples, name));
      const svg = renderSvg(model);
      const width = Number(/width="(\d+)"/.exec(svg)?.[1]);
      const caption = /<text x="(\d+)" y="\d+" fill="#78909c">([^<]*)<\/text>/.exec(svg);
      expect(caption?.[2], name).toContain(model.name);
      // 7 px per character at 12 px Helvetica (the renderer's own measure), inside both margins.
      expect(width, name).toBeGreaterThanOrEqual(Number(caption?.[1]) * 2 + (caption?.[2].length ?? 0) * 7);
      // Every node lies inside the picture.
      for (const m of svg.matchAll(/translate\((\d+),0\)/g)) expect(Number(m[1])).toBeLessThan(width);
    }
  });

  it('nodes do not overlap', () => {
    for (const name of [
      'order_fulfillment',
      'expense_settlement',
      'standard_shipping',
      'archive_old_orders',
    ]) {
      const svg = renderSvg(diagramModel(workflow(examples, name)));
      const boxes = [
        ...svg.matchAll(/<g class="node [a-z]+" id="[^"]+"><(?:rect|polygon|ellipse|path)[^>]*>/g),
      ].length;
      expect(boxes, name).toBeGreaterThan(2);
      const centres = [
        ...svg.matchAll(/<g class="node [a-z]+" id="([^"]+)">.*?<text x="([\d.]+)" y="([\d.]+)"/g),
      ].map((m) => [Number(m[2]), Number(m[3])]);
      const unique = new Set(centres.map(([x, y]) => `${Math.round(x / 10)},${Math.round(y / 10)}`));
      expect(unique.size, name).toBe(centres.length);
    }
  });
});
