/**
 * Issue 11's done criterion. (1) Every example of Dazzle's Processes docs page
 * (test/fixtures/dazzle-docs/processes.dsl) validates, compiles (asl-validator and AWS's creation
 * checks), synthesizes and runs locally to its end, human tasks completed. (2) `validate`, `compile`,
 * `dev` and `cdk synth` agree: what one accepts, all accept. Each
 * input of the table broke that agreement once; each command gives its verdict the way a user meets
 * it: the CLI's exit code for `validate` and `compile` (with asl-validator), the local runtime
 * started on the dev server's compile (schedules armed) for `dev`, and the CDK construct in a
 * synthesized app for `synth` (every input its own stack, one synth for all).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAwsDefinition } from '../../compiler/asl/definitionChecks.ts';
import { compileSources, type SourceFile } from '../../compiler/index.ts';
import { aslValidator } from '../../host/asl-validator.ts';
import { DazzleProcesses } from '../../infra/dazzle-processes.ts';
import { ProcessSource } from '../../infra/process-source.ts';
import { VirtualClock } from '../../local/asl/index.ts';
import { compileForLocal } from '../../local/compile.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { BASE_PROPS, testApp, testStack } from '../infra/fixtures.ts';
import { AnyServices } from './any-services.ts';
import { cli, type Local, ok, startLocal, T0 } from './harness.ts';

const docs = readFileSync(join(import.meta.dirname, '../fixtures/dazzle-docs/processes.dsl'), 'utf8');

interface Case {
  readonly name: string;
  readonly files: Record<string, string>;
  /** What every command must say. */
  readonly accepted: boolean;
}

const CASES: readonly Case[] = [
  { name: "the examples of Dazzle's Processes docs page", files: { 'processes.dsl': docs }, accepted: true },
  {
    name: 'a step after a human task whose outcomes all end (unreachable, a warning)',
    accepted: true,
    files: {
      'review.dsl': `process claim_review "Claim Review":
  trigger: manual
  steps:
    - step review:
        human_task:
          surface: claim_review
          assignee_role: manager
          outcomes:
            - approve "Approve":
                goto: complete
            - reject "Reject":
                goto: fail
    - step notify:
        channel: notifications
        message: ClaimDecision
`,
    },
  },
  {
    name: 'a dotted service name (Fulfillment.ship)',
    accepted: true,
    files: {
      'ship.dsl': `process ship_order "Ship Order":
  trigger:
    when: entity Order status -> confirmed
  steps:
    - step ship:
        service: Fulfillment.ship
        timeout: 1m
`,
    },
  },
  {
    name: 'a process and a schedule of one name',
    accepted: true,
    files: {
      'report.dsl': `process daily_report "Daily Report":
  trigger: cron "0 8 * * *"
  steps:
    - step generate:
        service: Reporting.daily_summary

schedule daily_report "Daily Report":
  cron: "0 8 * * *"
  steps:
    - step generate:
        service: generate_report
`,
    },
  },
  {
    name: 'a file with warnings only (an unknown field)',
    accepted: true,
    files: {
      'warn.dsl': `process tidy "Tidy":
  trigger: manual
  steps:
    - step sweep:
        service: sweep
        colour: blue
`,
    },
  },
  {
    name: 'a quoted sets value with spaces',
    accepted: true,
    files: {
      'refund.dsl': `process refund_approval "Refund Approval":
  trigger:
    when: entity Refund status -> requested
  steps:
    - step review:
        human_task:
          surface: refund_review
          entity: Refund
          assignee_role: supervisor
          outcomes:
            - approve "Approve":
                goto: complete
                sets:
                  - Refund.note -> "Approved by a supervisor"
            - reject "Reject":
                goto: fail
`,
    },
  },
  {
    name: 'a file with an error (on_failure names no step)',
    accepted: false,
    files: {
      'unknown-step.dsl': readFileSync(
        join(import.meta.dirname, '../fixtures/invalid/unknown-step.dsl'),
        'utf8',
      ),
    },
  },
  {
    name: 'an invalid cron in a schedule',
    accepted: false,
    files: {
      'cron.dsl': `schedule nightly "Nightly":
  cron: "61 25 * * *"
  steps:
    - step run:
        service: nightly_job
`,
    },
  },
  {
    name: 'an invalid cron in a process trigger',
    accepted: false,
    files: {
      'cron.dsl': `process nightly "Nightly":
  trigger: cron "0 8 * *"
  steps:
    - step run:
        service: nightly_job
`,
    },
  },
  {
    // Over 80 characters: no state machine can take the name (AWS CreateStateMachine `name`: 1–80).
    name: 'a process name too long for a state machine',
    accepted: false,
    files: {
      'long.dsl': `process ${'reconcile_'.repeat(9)}ledger "Reconcile":
  trigger: manual
  steps:
    - step run:
        service: reconcile
`,
    },
  },
  {
    name: 'a misspelled top-level keyword',
    accepted: false,
    files: {
      'typo.dsl': `proces nightly "Nightly":
  trigger: manual
  steps:
    - step run:
        service: nightly_job
`,
    },
  },
];

type Verdict = 'accepts' | 'rejects';
const verdict = (ok: boolean): Verdict => (ok ? 'accepts' : 'rejects');

const root = mkdtempSync(join(tmpdir(), 'dazzle-agreement-'));
const dirOf = (i: number) => join(root, `case-${i}`);
const sourcesOf = (c: Case): SourceFile[] => Object.entries(c.files).map(([name, text]) => ({ name, text }));

/** `cdk synth`: each input in a stack of one app, synthesized once. */
const synthVerdicts = new Map<number, { verdict: Verdict; why?: string }>();
/** The docs page's stack (case 0) as synthesized. */
let docsTemplate: Template;

beforeAll(() => {
  CASES.forEach((c, i) => {
    mkdirSync(dirOf(i));
    for (const [name, text] of Object.entries(c.files)) writeFileSync(join(dirOf(i), name), text);
  });
  const app = testApp();
  const stacks: [number, Stack][] = [];
  CASES.forEach((c, i) => {
    const stack = testStack(app, `Case${i}`);
    try {
      new DazzleProcesses(stack, 'Processes', {
        ...BASE_PROPS,
        appName: `case${i}`,
        source: ProcessSource.fromSources(sourcesOf(c)),
        services: new AnyServices(),
      });
      stacks.push([i, stack]);
    } catch (error) {
      synthVerdicts.set(i, { verdict: 'rejects', why: String(error) });
      app.node.tryRemoveChild(stack.node.id);
    }
  });
  // Throws (with the stack's name) if the synth itself rejects an input the construct took.
  const assembly = app.synth();
  for (const [i, stack] of stacks) {
    expect(assembly.getStackByName(stack.stackName).template).toHaveProperty('Resources');
    synthVerdicts.set(i, { verdict: 'accepts' });
  }
  docsTemplate = Template.fromJSON(assembly.getStackByName('Case0').template);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function devVerdict(c: Case): Promise<Verdict> {
  const compiled = compileForLocal(sourcesOf(c));
  if (!compiled.artifacts || compiled.errors.length > 0) return 'rejects';
  let runtime: LocalRuntime | undefined;
  try {
    runtime = await LocalRuntime.start({
      artifacts: compiled.artifacts,
      clock: new VirtualClock({ start: T0, autoAdvance: false }),
      schedules: true,
      catchUp: false,
      log: { info() {}, warn() {} },
    });
    return 'accepts';
  } catch {
    return 'rejects';
  } finally {
    await runtime?.close();
  }
}

describe('validate, compile, dev and synth agree', () => {
  it.each(CASES.map((c, i) => [c.name, i] as const))('%s', async (_name, i) => {
    const c = CASES[i];
    const out = join(dirOf(i), 'out');
    const validate = await cli('validate', dirOf(i));
    const compile = await cli('compile', dirOf(i), '--out', out);
    const verdicts = {
      validate: verdict(validate.code === 0),
      compile: verdict(compile.code === 0),
      dev: await devVerdict(c),
      synth: synthVerdicts.get(i)?.verdict,
    };
    const expected = verdict(c.accepted);
    expect(verdicts, `${validate.out}\n${compile.err}\n${synthVerdicts.get(i)?.why ?? ''}`).toEqual({
      validate: expected,
      compile: expected,
      dev: expected,
      synth: expected,
    });
    // Exit codes: 0 accepted, 1 rejected for a reason in the input (never a crash or a usage error).
    expect([validate.code, compile.code]).toEqual(c.accepted ? [0, 0] : [1, 1]);
  });
});

/** The workflows of the docs page, by id (processes and schedules are separate namespaces). */
const DOCS_WORKFLOWS = [
  'process-daily_report',
  'process-expense_approval',
  'process-expense_approval_v1',
  'process-order_lifecycle',
  'process-order_lifecycle_v1',
  'schedule-daily_report',
  'schedule-daily_report_v1',
  'schedule-daily_report_v2',
  'schedule-hourly_sync',
  'schedule-hourly_sync_v1',
];

describe("Dazzle's Processes docs page, end to end", () => {
  it('compiles every example, asl-validator and the checks AWS runs at creation passing', () => {
    const result = compileSources([{ name: 'processes.dsl', text: docs }], { validateAsl: aslValidator() });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // The docs' step after an all-ending human task is unreachable: a warning, and not in the ASL.
    expect(
      result.diagnostics.filter((d) => d.code === 'DZ307').map((d) => [d.line, d.message.slice(0, 14)]),
    ).toEqual([
      [64, 'step "notify" '],
      [155, 'step "notify" '],
    ]);
    const asl = result.artifacts?.asl ?? {};
    expect(Object.keys(asl).sort()).toEqual(DOCS_WORKFLOWS);
    for (const [id, text] of Object.entries(asl)) {
      expect(checkAwsDefinition(JSON.parse(text)), id).toEqual([]);
      expect(Object.keys(JSON.parse(text).States), id).not.toContain('notify');
    }
  });

  it('synthesizes: a state machine per process and schedule, a Scheduler schedule per timer', () => {
    const machines = Object.values(docsTemplate.findResources('AWS::StepFunctions::StateMachine'));
    // `dazzle-<app>-<stage>-<id>`, and the trigger router the construct adds.
    expect(machines.map((m) => String(m.Properties.StateMachineName)).sort()).toEqual([
      'dazzle-case0-dev-dazzle-trigger-router',
      ...DOCS_WORKFLOWS.map((id) => `dazzle-case0-dev-${id}`),
    ]);
    // Four cron schedules and process daily_report's cron trigger at 08:00, two hourly intervals.
    const schedules = Object.values(docsTemplate.findResources('AWS::Scheduler::Schedule'));
    expect(schedules.map((s) => s.Properties.ScheduleExpression).sort()).toEqual([
      'cron(0 8 * * ? *)',
      'cron(0 8 * * ? *)',
      'cron(0 8 * * ? *)',
      'cron(0 8 * * ? *)',
      'rate(1 hour)',
      'rate(1 hour)',
    ]);
  });

  describe('runs locally, every process and schedule to its end', () => {
    let local: Local;
    const manager = { user: 'mia', roles: ['manager'] };
    beforeAll(async () => {
      const services = [
        'Inventory.check_availability',
        'Payment.charge',
        'Fulfillment.ship',
        'Reporting.daily_summary',
        'check_availability',
        'charge_payment',
        'ship_order',
        'refund_payment',
        'daily_summary',
        'generate_report',
        'sync_external_data',
        'validate_expense',
      ];
      local = await startLocal(docs, Object.fromEntries(services.map((s) => [s, ok({ done: s })])), {
        autoAdvance: false,
        schedules: true,
        catchUp: false,
        start: Date.parse('2026-01-06T07:30:00.000Z'), // Europe/London is on UTC in January
      });
    });
    afterAll(() => local?.close());

    const settled = async () => {
      await local.rt.bus.idle();
      const running = local.rt.engine.listExecutions({ status: 'RUNNING' });
      await Promise.all(running.map((d) => local.rt.awaitExecution(d.executionArn)));
    };
    const ended = () =>
      local.rt.engine
        .listExecutions()
        .map((d) => `${local.rt.workflowOfArn(d.stateMachineArn)?.id} ${d.name} ${d.status}`)
        .sort();
    const statusChanged = (entity: string, id: string, to: string) =>
      local.rt.bus.event(
        'EntityStatusChanged',
        { entity, id, from_status: 'draft', to_status: to, data: {} },
        'dazzle.app',
        `evt-${id}`,
      );

    it('an Order confirmed starts both order lifecycles, which succeed', async () => {
      await local.rt.bus.deliver(statusChanged('Order', 'o-1', 'confirmed'));
      await settled();
      expect(ended()).toEqual([
        'process-order_lifecycle evt-o-1 SUCCEEDED',
        'process-order_lifecycle_v1 evt-o-1 SUCCEEDED',
      ]);
      expect(local.calls('Fulfillment.ship')).toHaveLength(1);
      expect(local.calls('ship_order')).toHaveLength(1);
    });

    it('an expense report submitted waits for a manager; approve completes, reject fails', async () => {
      for (const [id, outcome] of [
        ['e-1', 'approve'],
        ['e-2', 'reject'],
      ]) {
        await local.rt.bus.deliver(statusChanged('ExpenseReport', id, 'submitted'));
        const tasks = await local.until(async () => {
          const res = await local.call('tasks', 'GET', '/tasks?status=open', manager);
          const open = res.body.tasks as { id: string; execution: { id: string } }[];
          return open.length === 2 ? open : undefined;
        }, 'both expense approvals to open their task');
        for (const task of tasks) {
          const res = await local.call('tasks', 'POST', `/tasks/${task.id}/complete`, manager, {
            outcome,
            data: {},
          });
          expect(res.status, JSON.stringify(res.body)).toBe(200);
        }
        await settled();
      }
      expect(ended().filter((line) => line.includes('expense'))).toEqual([
        'process-expense_approval evt-e-1 SUCCEEDED',
        'process-expense_approval evt-e-2 FAILED',
        'process-expense_approval_v1 evt-e-1 SUCCEEDED',
        'process-expense_approval_v1 evt-e-2 FAILED',
      ]);
      expect(local.calls('validate_expense')).toHaveLength(4);
    });

    it('at 08:00 the daily reports run, and each hourly sync within the hour; all succeed', async () => {
      await local.clock.advance(60 * 60_000); // 07:30 → 08:30
      await settled();
      const timed = ended().filter((line) => !/order|expense/.test(line));
      expect(timed.map((line) => line.replace(/ .* /, ' '))).toEqual([
        'process-daily_report SUCCEEDED',
        'schedule-daily_report SUCCEEDED',
        'schedule-daily_report_v1 SUCCEEDED',
        'schedule-daily_report_v2 SUCCEEDED',
        'schedule-hourly_sync SUCCEEDED',
        'schedule-hourly_sync_v1 SUCCEEDED',
      ]);
      // Every workflow of the page has run to its end at least once.
      const ran = new Set(ended().map((line) => line.split(' ')[0]));
      expect([...ran].sort()).toEqual(DOCS_WORKFLOWS);
      expect(local.rt.engine.listExecutions({ status: 'RUNNING' })).toEqual([]);
    });
  });
});
