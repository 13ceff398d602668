import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { qualifiedName } from '../../compiler/contracts/names.ts';
import { suggestionList } from '../../compiler/diagnostics/suggest.ts';
import type { AppIR, ProcessStep } from '../../compiler/ir/types.ts';
import { ParamError, paramKeys } from '../../compiler/manifest/params.ts';
import type { ManifestWorkflow } from '../../compiler/manifest/schema.ts';
import { lookupWorkflow } from '../../compiler/tools/workflowAddress.ts';
import { collectInputs } from '../../host/files.ts';
import { DazzleError } from '../../lambdas/shared/errors.ts';
import { validateFields } from '../../lambdas/shared/fields.ts';
import { compileForLocal } from '../../local/compile.ts';
import { type LocalParams, LocalParamsError, localParams } from '../../local/params.ts';
import { runOnce, UnknownWorkflow } from '../../local/run.ts';
import type { ScriptedAnswers } from '../../local/runtime.ts';
import { type CliContext, type RegisterCommand, UsageError } from '../context.ts';

/** Exit code of a run that did not succeed (failed, timed out, aborted). */
export const EXIT_NOT_SUCCEEDED = 3;

function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${what} is not valid JSON: ${text}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`${what} must be a JSON object, got ${text}`);
  return value as Record<string, unknown>;
}

/** `STEP=OUTCOME[:JSON]` → the scripted completion of that step's human task. */
export function parseTaskAnswer(spec: string): [string, { outcome: string; data: Record<string, unknown> }] {
  const m = /^([^=]+)=([^:]+)(?::([\s\S]*))?$/.exec(spec);
  if (!m) throw new UsageError(`--task expects STEP=OUTCOME[:JSON], got '${spec}'`);
  return [
    m[1],
    { outcome: m[2], data: m[3] === undefined ? {} : parseJsonObject(m[3], `--task ${m[1]} data`) },
  ];
}

/** `NAME=JSON` → the payload delivered to that signal's waits. */
export function parseSignalAnswer(spec: string): [string, Record<string, unknown>] {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new UsageError(`--signal expects NAME=JSON, got '${spec}'`);
  return [spec.slice(0, eq), parseJsonObject(spec.slice(eq + 1), `--signal ${spec.slice(0, eq)} payload`)];
}

/** `KEY=VALUE` → one deploy-time param value. */
export function parseParam(spec: string): [string, string] {
  const eq = spec.indexOf('=');
  if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--param expects KEY=VALUE, got '${spec}'`);
  return [spec.slice(0, eq), spec.slice(eq + 1)];
}

/**
 * The param values of `dev`/`run`: cdk.json's stage (`--stage`, @default dev), then `--param`s.
 * Returns undefined (exit code set, error printed) when cdk.json cannot be read.
 */
export function paramsFromOptions(
  ctx: CliContext,
  command: string,
  options: { param: string[]; stage?: string },
): LocalParams | undefined {
  const overrides = Object.fromEntries(options.param.map(parseParam));
  try {
    return localParams({ cwd: ctx.cwd, stage: options.stage, overrides });
  } catch (error) {
    if (!(error instanceof LocalParamsError)) throw error;
    if (error.usage) throw new UsageError(error.message);
    ctx.err(`dazzle-sfn ${command}: ${error.message}`);
    ctx.exitCode = 1;
    return undefined;
  }
}

/**
 * The absolute `--services` directory, or a usage error when it is not a directory: a mistyped path
 * would otherwise start with no service at all and fail every service step later.
 */
export function servicesDirOption(ctx: CliContext, dir: string | undefined): string | undefined {
  if (dir === undefined) return undefined;
  const path = resolve(ctx.cwd, dir);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`--services ${dir}: no such directory (${path})`);
  if (!stat.isDirectory())
    throw new UsageError(`--services ${dir}: not a directory (service modules go in DIR/<service>.ts)`);
  return path;
}

/** Every step of `steps`, with those of parallel branches and foreach bodies. */
function allStepsOf(steps: readonly ProcessStep[]): ProcessStep[] {
  return steps.flatMap((step) => [
    step,
    ...allStepsOf(step.parallel_steps ?? []),
    ...allStepsOf(step.foreach_steps ?? []),
  ]);
}

/** `no X named 'y' (did you mean …?)` / `(known: …)` / `(the app has none)`. */
function unknownName(what: string, name: string, known: readonly string[]): string {
  const near = suggestionList(name, known);
  const hint = near.length
    ? `did you mean ${near.slice(0, 3).join(', ')}?`
    : known.length
      ? `known: ${[...new Set(known)].join(', ')}`
      : 'the app has none';
  return `no ${what} named '${name}' (${hint})`;
}

/**
 * `--task`/`--signal` name a human-task step / a signal some step of the app waits for (of any
 * workflow: the run may start subprocesses); an unknown name would be ignored silently and the run
 * would wait at that step until its timeout, so it is a usage error.
 */
export function checkScript(ir: AppIR, script: ScriptedAnswers): void {
  const steps = [...ir.processes, ...ir.schedules].flatMap((w) => allStepsOf(w.steps));
  const tasks = steps.filter((s) => s.kind === 'human_task').map((s) => s.name);
  const signals = steps.flatMap((s) => (s.kind === 'wait' && s.wait_for_signal ? [s.wait_for_signal] : []));
  for (const step of Object.keys(script.tasks ?? {}))
    if (!tasks.includes(step)) throw new UsageError(`--task: ${unknownName('human task step', step, tasks)}`);
  for (const signal of Object.keys(script.signals ?? {}))
    if (!signals.includes(signal))
      throw new UsageError(`--signal: ${unknownName('signal', signal, signals)}`);
}

/**
 * `--input` checked as `POST /processes/{name}/executions` checks it (lambdas/shared/fields.ts:
 * unknown fields, required ones, types such as `uuid`; defaults filled), so `run` accepts what the
 * API accepts. A bad input is a usage error naming the field.
 */
export function checkInput(
  workflow: ManifestWorkflow,
  input: Record<string, unknown>,
): Record<string, unknown> {
  try {
    return validateFields(workflow.inputs, input, `${qualifiedName(workflow)} inputs`);
  } catch (error) {
    if (error instanceof DazzleError) throw new UsageError(`--input: ${error.message}`);
    throw error;
  }
}

export const collect = (value: string, previous: string[] = []) => [...previous, value];

export const PARAM_OPTION = [
  '--param <KEY=VALUE>',
  'value of a deploy-time param("KEY") (repeatable; overrides cdk.json)',
] as const;
export const STAGE_OPTION = [
  '--stage <name>',
  'take params (and, for dev, access rules) from context.stages.<name> of cdk.json (default: dev, when present)',
] as const;

/**
 * `run <paths…> <name> --input JSON`: one local execution on the virtual clock; prints
 * `{status, output, error, transitions, steps}` as JSON. Exit 0 SUCCEEDED, 3 otherwise, 1 on
 * compile errors, 2 on usage errors.
 */
export const registerRun: RegisterCommand = (program, ctx) => {
  program
    .command('run')
    .description('run one execution locally on a virtual clock and print its result as JSON')
    .argument(
      '<paths-and-name...>',
      '.dsl / processes.json files or directories, then the process or schedule name',
    )
    .option('--input <json>', 'the process inputs as a JSON object', '{}')
    .option('--trigger <json>', 'the trigger object (the entity or signal that started it), as JSON')
    .option('--services <dir>', 'directory of service implementations (<service>.ts exporting handler)')
    .option('--task <STEP=OUTCOME[:JSON]>', 'answer the human task of STEP (repeatable)', collect, [])
    .option(
      '--signal <NAME=JSON>',
      'deliver signal NAME with this payload when a step waits for it (repeatable)',
      collect,
      [],
    )
    .option(...PARAM_OPTION, collect, [])
    .option(...STAGE_OPTION)
    .action(
      async (
        args: string[],
        options: {
          input: string;
          trigger?: string;
          services?: string;
          task: string[];
          signal: string[];
          param: string[];
          stage?: string;
        },
      ) => {
        if (args.length < 2)
          throw new UsageError('run needs at least one path and a name: run <paths…> <name>');
        const name = args[args.length - 1];
        const input = parseJsonObject(options.input, '--input');
        const trigger =
          options.trigger === undefined ? undefined : parseJsonObject(options.trigger, '--trigger');
        const script: ScriptedAnswers = {
          tasks: Object.fromEntries(options.task.map(parseTaskAnswer)),
          signals: Object.fromEntries(options.signal.map(parseSignalAnswer)),
        };
        const servicesDir = servicesDirOption(ctx, options.services);
        const params = paramsFromOptions(ctx, 'run', options);
        if (!params) return;
        const files = collectInputs(args.slice(0, -1), ctx.cwd);
        const compiled = compileForLocal(files);
        for (const e of compiled.errors) ctx.err(e);
        if (!compiled.artifacts) {
          ctx.exitCode = 1;
          return;
        }
        const found = lookupWorkflow(compiled.artifacts.manifest.workflows, name);
        if ('error' in found) throw new UsageError(found.error);
        checkScript(compiled.ir, script);
        const checkedInput = checkInput(found.found, input);
        if (paramKeys(found.found).length > 0) for (const line of params.summary) ctx.err(line);
        try {
          const report = await runOnce({
            artifacts: compiled.artifacts,
            workflow: name,
            input: checkedInput,
            trigger,
            servicesDir,
            script,
            log: { info: () => {}, warn: (line) => ctx.err(`warning: ${line}`) },
            params: params.values,
          });
          ctx.out(JSON.stringify(report, null, 2));
          ctx.exitCode = report.status === 'SUCCEEDED' ? 0 : EXIT_NOT_SUCCEEDED;
        } catch (error) {
          if (error instanceof UnknownWorkflow) throw new UsageError(error.message);
          if (error instanceof ParamError) {
            ctx.err(`dazzle-sfn run: ${error.message}`);
            ctx.exitCode = 1;
            return;
          }
          throw error;
        }
      },
    );
};
