/**
 * A generated app of 200 processes (every trigger kind, human tasks, signal waits, subprocesses)
 * synthesizes nag-clean within CloudFormation's limits by spreading the processes over nested stacks.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { CFN_RESOURCE_LIMIT, DazzleProcesses } from '../../infra/dazzle-processes.ts';
import { generatedProps, testApp, testStack } from './fixtures.ts';

const N = 200;
type Template = {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Parameters?: object;
};

let processes: DazzleProcesses;
let parent: CloudFormationStackArtifact;
let nested: { file: string; template: Template }[];

beforeAll(() => {
  const app = testApp();
  const stack = testStack(app, 'Generated');
  processes = new DazzleProcesses(stack, 'Processes', generatedProps(stack, N));
  const assembly = app.synth();
  parent = assembly.getStackByName('Generated');
  nested = processes.nestedStacks.map((stack) => {
    const file = join(assembly.directory, stack.templateFile);
    return { file, template: JSON.parse(readFileSync(file, 'utf8')) as Template };
  });
});

/** A CloudFormation value with references replaced by long stand-ins (worst-case deployed size). */
function renderLongest(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renderLongest);
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if (o['Fn::Join']) {
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => String(renderLongest(p))).join(sep);
  }
  if (o.Ref !== undefined || o['Fn::GetAtt'] !== undefined) return 'x'.repeat(90);
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, renderLongest(v)]));
}

const typeCount = (t: Template, type: string) =>
  Object.values(t.Resources).filter((r) => r.Type === type).length;

describe(`${N} generated processes`, () => {
  it('spreads the processes over nested stacks, each within the resource and template size limits', () => {
    expect(processes.nestedStacks.length).toBeGreaterThanOrEqual(2);
    expect(typeCount(parent.template, 'AWS::CloudFormation::Stack')).toBe(nested.length);
    expect(Object.keys(parent.template.Resources).length).toBeLessThanOrEqual(CFN_RESOURCE_LIMIT);
    for (const { file, template } of nested) {
      expect(Object.keys(template.Resources).length).toBeLessThanOrEqual(450);
      expect(statSync(file).size).toBeLessThan(1_000_000);
      // Shared resources come in as a handful of parameters, however many processes a stack holds.
      expect(Object.keys(template.Parameters ?? {}).length).toBeLessThanOrEqual(10);
    }
  });

  it('creates every state machine exactly once', () => {
    const machines = nested.reduce(
      (n, { template }) => n + typeCount(template, 'AWS::StepFunctions::StateMachine'),
      0,
    );
    expect(machines).toBe(N);
    expect(typeCount(parent.template, 'AWS::StepFunctions::StateMachine')).toBe(1); // the trigger router
    expect(processes.machines.size).toBe(N);
  });

  it('names default-bus rules with the app prefix so the one DLQ statement covers them', () => {
    const defaultBus = nested
      .flatMap(({ template }) => Object.values(template.Resources))
      .filter((r) => r.Type === 'AWS::Events::Rule' && r.Properties.EventBusName === undefined);
    expect(defaultBus.length).toBeGreaterThan(0);
    for (const rule of defaultBus)
      expect(rule.Properties.Name).toMatch(/^dazzle-gen-dev-process-p\d+-after-0$/);
  });

  it("keeps every role policy under IAM's 10,240-character inline limit", () => {
    const templates = [parent.template as Template, ...nested.map((n) => n.template)];
    const sizes = templates.flatMap((t) =>
      Object.values(t.Resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy')
        .map((r) => JSON.stringify(renderLongest(r.Properties.PolicyDocument)).length),
    );
    expect(sizes.length).toBeGreaterThan(N);
    expect(Math.max(...sizes)).toBeLessThan(10_240);
  });

  it('moves handler configs that outgrow the Lambda environment into bundled files', () => {
    const runRecord = Object.values(parent.template.Resources as Template['Resources']).find(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === 'dazzle-gen-dev-run-record',
    )!;
    const env = (runRecord.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.DAZZLE_PROCESSES_FILE).toBe('/var/task/dazzle_processes.json');
    expect(env.DAZZLE_PROCESSES).toBeUndefined();
  });
});
