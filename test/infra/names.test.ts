/**
 * Physical names on AWS (infra/names.ts): a process and a schedule of one name, dotted service
 * names next to underscored ones, and names longer than AWS allows — all deterministic, within
 * AWS's limits and collision-free.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { fnv1a, nameToken } from '../../compiler/contracts/names.ts';
import { DazzleProcesses } from '../../infra/dazzle-processes.ts';
import { flattenCfnReference } from '../../infra/nag.ts';
import { MAX_FUNCTION_NAME, MAX_SCHEDULE_NAME, MAX_STATE_MACHINE_NAME } from '../../infra/names.ts';
import { ProcessSource } from '../../infra/process-source.ts';
import { ServiceFunctions } from '../../infra/service-functions.ts';
import { BASE_PROPS, testApp } from './fixtures.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/names');
const PREFIX = 'dazzle-names-dev';
type Resource = { Type: string; Properties: Record<string, unknown> };

function synth(dsl: string, services = join(FIXTURES, 'services')): Record<string, Resource> {
  const app = testApp();
  const stack = new Stack(app, 'Names');
  new DazzleProcesses(stack, 'Processes', {
    ...BASE_PROPS,
    appName: 'names',
    source: ProcessSource.fromSources([{ name: 'clash.dsl', text: dsl }]),
    services: ServiceFunctions.fromDirectory(services),
  });
  return app.synth().getStackByName('Names').template.Resources;
}

let resources: Record<string, Resource>;
beforeAll(() => {
  resources = synth(readFileSync(join(FIXTURES, 'clash.dsl'), 'utf8'));
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const namesOf = (type: string, key: string) => ofType(type).map(([, r]) => r.Properties[key] as string);

describe('a process and a schedule of one name', () => {
  it('get a state machine each, named with their kind', () => {
    expect(namesOf('AWS::StepFunctions::StateMachine', 'StateMachineName').sort()).toEqual([
      `${PREFIX}-dazzle-trigger-router`,
      `${PREFIX}-process-daily_report`,
      `${PREFIX}-process-order_lifecycle`,
      `${PREFIX}-schedule-daily_report`,
    ]);
  });

  it('get a Scheduler schedule each, named with their kind, and start their own machine', () => {
    const schedules = ofType('AWS::Scheduler::Schedule').map(([, r]) => r.Properties);
    expect(schedules.map((s) => s.Name).sort()).toEqual([
      `${PREFIX}-process-daily_report`,
      `${PREFIX}-schedule-daily_report`,
    ]);
    for (const s of schedules) {
      const input = JSON.stringify((s.Target as { Input: unknown }).Input);
      expect(input).toContain(`stateMachine:${s.Name}`);
    }
  });

  it('get log groups, alarms and logical ids that say their kind', () => {
    const logical = Object.keys(resources);
    expect(logical.some((id) => /^Processesprocessdailyreport.*Logs/.test(id))).toBe(true);
    expect(logical.some((id) => /^Processesscheduledailyreport.*Logs/.test(id))).toBe(true);
    const alarms = namesOf('AWS::CloudWatch::Alarm', 'AlarmDescription');
    expect(alarms).toContain("Dazzle process 'daily_report': executions failed or timed out");
    expect(alarms).toContain("Dazzle schedule 'daily_report': executions failed or timed out");
  });
});

describe('dotted service names', () => {
  it('deploy as valid, distinct Lambda functions next to the underscored name', () => {
    const names = namesOf('AWS::Lambda::Function', 'FunctionName');
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(names).toContain(`${PREFIX}-svc-Fulfillment_ship_${fnv1a('Fulfillment.ship')}`);
    expect(names).toContain(`${PREFIX}-svc-Fulfillment_ship`);
    expect(names).toContain(`${PREFIX}-svc-${nameToken('Reporting.daily_summary')}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('substitute each placeholder with its own function', () => {
    const machine = ofType('AWS::StepFunctions::StateMachine').find(
      ([, r]) => r.Properties.StateMachineName === `${PREFIX}-process-order_lifecycle`,
    )![1];
    const subs = machine.Properties.DefinitionSubstitutions as Record<string, unknown>;
    const dotted = `Service_${nameToken('Fulfillment.ship')}`;
    expect(Object.keys(subs)).toEqual(expect.arrayContaining([dotted, 'Service_Fulfillment_ship']));
    for (const key of Object.keys(subs)) expect(key).toMatch(/^[A-Za-z0-9_]+$/);
    expect(flattenCfnReference(subs[dotted])).toContain(
      `function:${PREFIX}-svc-${nameToken('Fulfillment.ship')}`,
    );
    expect(flattenCfnReference(subs.Service_Fulfillment_ship)).toContain(
      `function:${PREFIX}-svc-Fulfillment_ship`,
    );
  });

  it('names both places a missing dotted module may go', () => {
    const dsl = 'process p:\n  steps:\n    - step s:\n        service: Billing.charge\n';
    const build = () =>
      new DazzleProcesses(new Stack(testApp({ nag: false }), 'Missing'), 'P', {
        ...BASE_PROPS,
        source: ProcessSource.fromSources([{ name: 'p.dsl', text: dsl }]),
        services: ServiceFunctions.fromDirectory(join(FIXTURES, 'services')),
      });
    expect(build).toThrow(
      /^service 'Billing\.charge' is used by a process but .*services\/Billing\.charge\.ts \(or .*services\/Billing\/charge\.ts\) does not exist;/,
    );
  });

  it('refuses a service with both module forms, naming both files', () => {
    const dsl = 'process p:\n  steps:\n    - step s:\n        service: Reporting.daily_summary\n';
    const build = () =>
      new DazzleProcesses(new Stack(testApp({ nag: false }), 'Twice'), 'P', {
        ...BASE_PROPS,
        source: ProcessSource.fromSources([{ name: 'p.dsl', text: dsl }]),
        services: ServiceFunctions.fromDirectory(join(FIXTURES, 'ambiguous')),
      });
    expect(build).toThrow(
      /service 'Reporting\.daily_summary' has two modules, .*ambiguous\/Reporting\.daily_summary\.ts and .*ambiguous\/Reporting\/daily_summary\.ts; keep one/,
    );
  });
});

describe('names longer than AWS allows', () => {
  it('are cut to the limit with a hash, deterministically, and stay apart', () => {
    // Names of 80 characters, the most the compiler takes: `<prefix>-schedule-<name>` is far longer.
    const long = (n: number) => `${'w'.repeat(78)}_${n}`;
    const service = (n: number) => `${'S'.repeat(70)}.run_${n}`;
    // Under the project (NodejsFunction wants entries below its root); `.tmp-*` is git-ignored.
    const dir = mkdtempSync(join(FIXTURES, '.tmp-names-'));
    for (const name of [service(1), service(2), 'generate_report'])
      writeFileSync(join(dir, `${name}.ts`), 'export const handler = async () => ({});\n');
    const dsl = [1, 2]
      .flatMap((n) => [
        `process ${long(n)}:\n  trigger: cron "0 8 * * *"\n  steps:\n    - step s:\n        service: ${service(n)}\n`,
        `schedule ${long(n)}:\n  cron: "0 9 * * *"\n  steps:\n    - step s:\n        service: generate_report\n`,
      ])
      .join('\n');
    const once = synth(dsl, dir);
    const twice = synth(dsl, dir);
    rmSync(dir, { recursive: true, force: true });
    const names = (rs: Record<string, Resource>, type: string, key: string) =>
      Object.values(rs)
        .filter((r) => r.Type === type)
        .map((r) => r.Properties[key] as string)
        .sort();
    for (const [type, key, max] of [
      ['AWS::StepFunctions::StateMachine', 'StateMachineName', MAX_STATE_MACHINE_NAME],
      ['AWS::Lambda::Function', 'FunctionName', MAX_FUNCTION_NAME],
      ['AWS::Scheduler::Schedule', 'Name', MAX_SCHEDULE_NAME],
    ] as const) {
      const got = names(once, type, key);
      expect(got, type).toEqual(names(twice, type, key));
      expect(new Set(got).size, type).toBe(got.length);
      for (const name of got) expect(name.length, name).toBeLessThanOrEqual(max);
    }
    expect(names(once, 'AWS::StepFunctions::StateMachine', 'StateMachineName')).toHaveLength(5);
    expect(names(once, 'AWS::Scheduler::Schedule', 'Name')).toHaveLength(4);
  });
});
