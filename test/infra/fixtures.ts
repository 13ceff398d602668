/**
 * Shared by the infra tests and bench/synth.bench.ts: synthetic Dazzle apps of any size (every
 * trigger kind, human tasks, signal waits, subprocesses, sends) and the props that build them
 * without bundling a function per service.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { SourceFile } from '../../compiler/index.ts';
import type { DazzleProcessesProps } from '../../infra/dazzle-processes.ts';
import { ProcessSource } from '../../infra/process-source.ts';
import { ServiceFunctions } from '../../infra/service-functions.ts';

export const SERVICE_COUNT = 10;
const TRIGGERS = [
  (i: number) => `when: entity Thing${i % 7} status -> ready`,
  (i: number) => `when: entity Thing${i % 7} created`,
  (i: number) => `when: signal sig_${i}`,
  (i: number) => `when: cron "${i % 60} ${i % 24} * * *"\n    timezone: "Europe/Paris"`,
  () => 'when: manual',
  (i: number) => `when: process p${i - 1} completed`,
];

/** One DSL file with `n` processes `p0 … p<n-1>`. */
export function generatedApp(n: number): SourceFile[] {
  const blocks: string[] = ['module gen.app\n'];
  for (let i = 0; i < n; i++) {
    const trigger = TRIGGERS[i % TRIGGERS.length](i);
    const steps = [
      `    - step call_${i}:\n        service: svc_${i % SERVICE_COUNT}\n        timeout: 30s\n        inputs:\n          - item_id -> item_id`,
    ];
    if (i % 5 === 0) {
      steps.push(
        `    - step review_${i}:\n        human_task:\n          title: "Review ${i}"\n          assignee_role: reviewer\n          form:\n            ok: bool required\n          timeout: 2d`,
      );
    }
    if (i % 7 === 3)
      steps.push(`    - step wait_${i}:\n        wait_for_signal: "go_${i}"\n        timeout: 1d`);
    if (i % 9 === 4 && i > 4)
      steps.push(`    - step child_${i}:\n        subprocess: p4\n        timeout: 1h`);
    steps.push(`    - step tell_${i}:\n        channel: updates\n        message: Done${i}`);
    blocks.push(
      `process p${i} "Process ${i}":\n  trigger:\n    ${trigger}\n\n  input:\n    item_id: str\n\n  steps:\n${steps.join('\n\n')}\n\n  timeout: 3d\n  overlap: allow\n`,
    );
  }
  return [{ name: 'generated.dsl', text: blocks.join('\n') }];
}

/** The example app's DSL files. */
export function exampleSources(): SourceFile[] {
  const dir = join(import.meta.dirname, '../../examples/dsl');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.dsl'))
    .sort()
    .map((f) => ({ name: `examples/dsl/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
}

/** Existing functions for `svc_0 … svc_9` (no bundling). */
export function generatedServices(scope: Construct): ServiceFunctions {
  const functions: Record<string, lambda.IFunction> = {};
  for (let i = 0; i < SERVICE_COUNT; i++) {
    functions[`svc_${i}`] = lambda.Function.fromFunctionName(scope, `Svc${i}`, `gen-svc-${i}`);
  }
  return ServiceFunctions.fromFunctions(functions);
}

export const BASE_PROPS = {
  jwtIssuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TEST',
  jwtAudience: ['test-client'],
} as const;

export interface TestAppOptions {
  /** Run NodejsFunction bundling (slow); default: skipped. */
  readonly bundle?: boolean;
  /** The CloudFormation validator of aws-cdk-lib (~10 s per synth on a busy machine). */
  readonly cfnValidation?: boolean;
  readonly nag?: boolean;
  readonly outdir?: string;
}

/** An App with cdk.json's feature flags, cdk-nag, and bundling skipped unless asked for. */
export function testApp(options: TestAppOptions = {}): App {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    builtinCloudFormationValidation: options.cfnValidation ?? false,
    context: {
      '@aws-cdk/core:validateAgainstDefaultRules': true,
      '@aws-cdk/aws-iam:minimizePolicies': true,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

/** A stack with a concrete environment (large apps write handler configs to files). */
export function testStack(app: App, id = 'Test'): Stack {
  return new Stack(app, id, { env: { account: '123456789012', region: 'eu-west-1' } });
}

export function generatedProps(scope: Construct, n: number): DazzleProcessesProps {
  return {
    ...BASE_PROPS,
    appName: 'gen',
    source: ProcessSource.fromSources(generatedApp(n)),
    services: generatedServices(scope),
  };
}

export const EXAMPLE_PARAMS = {
  warehouse_report_cron: '0 6 * * 1-5',
  warehouse_timezone: 'Europe/London',
  warehouse_report_timeout: '30m',
};

export const EXAMPLE_INTENTS = {
  classify_expense: {
    model_id: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    prompt: 'Classify {{description}}',
  },
  summarise_return_reason: {
    model_id: 'eu.anthropic.claude-3-5-haiku-20241022-v1:0',
    prompt: 'Summarise {{reason}}',
  },
};

/** A Fn::Join rendered as text with references as `<…>`, string parts untouched (for JSON values). */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const o = value as Record<string, unknown>;
  if (o['Fn::Join']) {
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(sep);
  }
  if (o.Ref) return `<${o.Ref}>`;
  if (o['Fn::GetAtt']) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
  return JSON.stringify(value);
}

/** The example app (examples/dsl, its services, params and intents) as stage dev of `shop`. */
export function exampleProps(overrides: Partial<DazzleProcessesProps> = {}): DazzleProcessesProps {
  return {
    ...BASE_PROPS,
    appName: 'shop',
    stage: 'dev',
    source: ProcessSource.fromSources(exampleSources()),
    services: ServiceFunctions.fromDirectory('examples/services'),
    params: EXAMPLE_PARAMS,
    intents: EXAMPLE_INTENTS,
    removalPolicy: RemovalPolicy.DESTROY,
    ...overrides,
  };
}
