/**
 * The CDK app `cdk.json` runs (`npx tsx infra/app.ts`). Context:
 *   stage     the stage to synthesize (default `dev`); its settings are `stages.<stage>` in cdk.json
 *   dsl       comma-separated DSL / processes.json paths (default `examples/dsl`)
 *   services  directory of service modules `<service>.ts` exporting `handler` (default `examples/services`)
 *   appName, jwtIssuer, jwtAudience (comma-separated), params (JSON), intents (JSON) override cdk.json
 * The stage's settings are validated by compiler/contracts/stage-config.ts (the schema `dev` reads too).
 * Handlers and services are bundled up front in one esbuild run (infra/prebundle.ts).
 * cdk-nag's AwsSolutions pack checks every synth; a finding fails it.
 * An error about the user's sources or settings (a diagnostic, a missing service module, a bad
 * cdk.json value) prints as its message lines — `file:line:col: error CODE …` for diagnostics —
 * with no stack trace, and the synth exits 1 (as the CLI does). `DAZZLE_DEBUG=1` shows the stack.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseStageSettings, type StageSettings } from '../compiler/contracts/stage-config.ts';
import { referencedServices } from '../compiler/manifest/references.ts';
import type { IntentDefinition } from './dazzle-handlers.ts';
import { prebundle } from './prebundle.ts';
import { ProcessSource } from './process-source.ts';
import { ServiceFunctions } from './service-functions.ts';
import { DazzleStack } from './stack.ts';

const app = new App();
const ctx = <T>(key: string): T | undefined => app.node.tryGetContext(key) as T | undefined;
const json = <T>(key: string): T | undefined => {
  const value = ctx<unknown>(key);
  return typeof value === 'string' ? (JSON.parse(value) as T) : (value as T | undefined);
};

async function synth(): Promise<void> {
  const stage = ctx<string>('stage') ?? 'dev';
  const stages = json<Record<string, unknown>>('stages') ?? {};
  const settings: StageSettings = parseStageSettings(stages[stage], `cdk.json: stages.${stage}`);
  if (!(stage in stages)) {
    console.warn(`cdk.json has no stages.${stage}; using defaults (tables retained)`);
  }
  const appName = ctx<string>('appName') ?? 'app';
  const dsl = (ctx<string>('dsl') ?? 'examples/dsl')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const services = ctx<string>('services') ?? 'examples/services';
  const audience = ctx<string>('jwtAudience')?.split(',') ?? settings.jwtAudience ?? [];
  const retentionDays = settings.logRetentionDays ?? 30;
  if (!(Object.values(logs.RetentionDays) as number[]).includes(retentionDays)) {
    throw new Error(
      `stages.${stage}.logRetentionDays ${retentionDays} is not a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, …)`,
    );
  }

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  // One in-process esbuild run for every handler and service instead of one esbuild process per
  // function; a fixed directory per project, emptied first, so synths leave nothing behind.
  const bundleDir = join(
    tmpdir(),
    'dazzle-bundles',
    createHash('sha256').update(process.cwd()).digest('hex').slice(0, 12),
  );
  rmSync(bundleDir, { recursive: true, force: true });
  // Compiled once here: the bundle needs the services the processes reference (a dotted
  // `Fulfillment.ship` may live in `Fulfillment/ship.ts`), and the stack gets the same output.
  const workflowType = settings.workflowType ?? 'standard';
  const compiled = ProcessSource.fromFiles(dsl).bind({ workflowType });
  await prebundle(bundleDir, services, referencedServices(compiled.manifest));

  // The construct id is the stack name, so `cdk deploy dazzle-<app>-<stage>` names what it deploys.
  new DazzleStack(app, DazzleStack.stackName(appName, stage), {
    env: {
      account: settings.account ?? process.env.CDK_DEFAULT_ACCOUNT,
      region: settings.region ?? process.env.CDK_DEFAULT_REGION,
    },
    processes: {
      appName,
      stage,
      source: ProcessSource.fromManifest(compiled.manifest, compiled.asl),
      services: ServiceFunctions.fromDirectory(services),
      jwtIssuer: ctx<string>('jwtIssuer') ?? settings.jwtIssuer ?? '',
      jwtAudience: audience,
      rolesClaim: settings.rolesClaim,
      access: settings.access,
      stateMachineLogLevel: settings.logging?.level && sfn.LogLevel[settings.logging.level],
      stateMachineLogExecutionData: settings.logging?.includeExecutionData,
      workflowType,
      params: { ...settings.params, ...json<Record<string, string>>('params') },
      intents: json<Record<string, IntentDefinition>>('intents'),
      logRetention: retentionDays as logs.RetentionDays,
      removalPolicy: settings.removal === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      throttleRateLimit: settings.throttleRateLimit,
      throttleBurstLimit: settings.throttleBurstLimit,
      bundleDir,
    },
  });

  app.synth();
}

try {
  await synth();
} catch (error) {
  // The message says what is wrong and where; a stack trace would only bury it.
  const message = error instanceof Error ? error.message : String(error);
  for (const line of message.split('\n'))
    console.error(line.startsWith('dazzle-sfn') ? line : `dazzle-sfn synth: ${line}`);
  if (process.env.DAZZLE_DEBUG && error instanceof Error) console.error(error.stack);
  process.exitCode = 1;
}
