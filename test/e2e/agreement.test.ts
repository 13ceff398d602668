/**
 * `validate`, `compile`, `dev` and `cdk synth` agree: what one accepts, all accept (issue 11). Each
 * input of the table broke that agreement once. Each command gives its verdict the way a user meets
 * it: the CLI's exit code for `validate` and `compile` (with asl-validator), the local runtime
 * started on the dev server's compile (schedules armed) for `dev`, and the CDK construct in a
 * synthesized app for `synth` (every input its own stack, one synth for all). The docs page end to
 * end: test/compiler/dazzle-docs.test.ts (compile), test/infra/dazzle-docs.test.ts (synth),
 * test/e2e/dazzle-docs.test.ts (every workflow run locally).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceFile } from '../../compiler/index.ts';
import { DazzleProcesses } from '../../infra/dazzle-processes.ts';
import { ProcessSource } from '../../infra/process-source.ts';
import { VirtualClock } from '../../local/asl/index.ts';
import { compileForLocal } from '../../local/compile.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { BASE_PROPS, testApp, testStack } from '../infra/fixtures.ts';
import { AnyServices } from './any-services.ts';
import { cli, T0 } from './harness.ts';

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

describe("Dazzle's Processes docs page in the agreement synth", () => {
  it('gets a Scheduler schedule per timer: four crons at 08:00 (process daily_report included), two hourly', () => {
    // Machines and service functions: test/infra/dazzle-docs.test.ts.
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
});
