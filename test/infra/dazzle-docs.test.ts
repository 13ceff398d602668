/**
 * The examples of Dazzle's Processes docs page (test/fixtures/dazzle-docs/processes.dsl: a process
 * and a schedule both named `daily_report`, dotted services) synthesize — with cdk-nag and
 * CloudFormation's validator — with their service modules in either form, each workflow in its own
 * machine, named with its kind. Validation: test/compiler/dazzle-docs.test.ts; local runs:
 * test/e2e/dazzle-docs.test.ts.
 */
import { Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSources } from '../../compiler/index.ts';
import { referencedServices } from '../../compiler/manifest/references.ts';
import type { Manifest } from '../../compiler/manifest/schema.ts';
import { DazzleProcesses } from '../../infra/dazzle-processes.ts';
import { ProcessSource } from '../../infra/process-source.ts';
import { ServiceFunctions } from '../../infra/service-functions.ts';
import { DOCS_DSL, DOCS_SERVICES } from '../fixtures/dazzle-docs/docs-page.ts';
import { BASE_PROPS, testApp } from './fixtures.ts';

const SOURCES = [{ name: 'processes.dsl', text: DOCS_DSL }];

type Resource = { Type: string; Properties: Record<string, unknown> };
let manifest: Manifest;
let resources: Record<string, Resource>;

beforeAll(() => {
  const compiled = compileSources(SOURCES);
  expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  manifest = compiled.artifacts!.manifest;
  const app = testApp({ cfnValidation: true });
  new DazzleProcesses(new Stack(app, 'Docs'), 'Processes', {
    ...BASE_PROPS,
    appName: 'docs',
    source: ProcessSource.fromSources(SOURCES),
    services: ServiceFunctions.fromDirectory(DOCS_SERVICES),
  });
  resources = app.synth().getStackByName('Docs').template.Resources;
});

const namesOf = (type: string, key: string) =>
  Object.values(resources)
    .filter((r) => r.Type === type)
    .map((r) => r.Properties[key] as string);

describe("Dazzle's Processes docs page, deployed", () => {
  it('synthesizes one machine per workflow, named with its kind, process and schedule daily_report apart', () => {
    const machines = namesOf('AWS::StepFunctions::StateMachine', 'StateMachineName');
    for (const w of manifest.workflows) expect(machines).toContain(`dazzle-docs-dev-${w.id}`);
    expect(machines).toEqual(
      expect.arrayContaining([
        'dazzle-docs-dev-process-daily_report',
        'dazzle-docs-dev-schedule-daily_report',
      ]),
    );
  });

  it('deploys every dotted service as a valid Lambda function name', () => {
    const functions = namesOf('AWS::Lambda::Function', 'FunctionName').filter((n) => n?.includes('-svc-'));
    expect(functions.length).toBe(referencedServices(manifest).length);
    for (const name of functions) expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
});
