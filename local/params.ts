/**
 * The stage settings of a local run (`dev`, `run`): `context.stages.<stage>` of the project's
 * cdk.json, validated by the same schema as `cdk synth` (compiler/contracts/stage-config.ts) — its
 * deploy-time param values (what `cdk deploy` of that stage would pass the construct), overridden by
 * `--param KEY=VALUE`, and its access rules. Param resolution itself is the compiler's
 * (`compiler/manifest/params.ts`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AccessConfig } from '../compiler/contracts/access.ts';
import { parseStageSettings, StageConfigError } from '../compiler/contracts/stage-config.ts';

export const DEFAULT_STAGE = 'dev';

export interface LocalParams {
  readonly values: Readonly<Record<string, string>>;
  /** The stage's access rules (`stages.<stage>.access`); `{}` without a stage or rules. */
  readonly access: AccessConfig;
  /** The stage the settings came from, when cdk.json has it. */
  readonly stage?: string;
  /** Where the values came from, for the startup summary; empty when there are none. */
  readonly summary: readonly string[];
}

/** cdk.json cannot be used: `usage` when the caller asked for something it lacks (`--stage`). */
export class LocalParamsError extends Error {
  override readonly name = 'LocalParamsError';
  constructor(
    message: string,
    readonly usage: boolean,
  ) {
    super(message);
  }
}

/**
 * The params of `stage` (@default dev, which may be absent) from cdk.json, then `overrides`. A
 * `stage` the caller names explicitly must exist.
 */
export function localParams(options: {
  cwd: string;
  stage?: string;
  overrides?: Readonly<Record<string, string>>;
}): LocalParams {
  const stage = options.stage ?? DEFAULT_STAGE;
  const file = findCdkJson(options.cwd);
  const summary: string[] = [];
  let fromStage: Record<string, string> = {};
  let access: AccessConfig = {};
  let from: string | undefined;
  if (file) {
    const stages = readStages(file);
    if (Object.hasOwn(stages, stage)) {
      from = stage;
      const settings = stageSettings(`${file}: context.stages.${stage}`, stages[stage]);
      fromStage = settings.params ?? {};
      access = settings.access ?? {};
      if (Object.keys(fromStage).length > 0)
        summary.push(`params from cdk.json stage ${stage}: ${listValues(fromStage)}`);
    } else if (options.stage !== undefined) {
      const known = Object.keys(stages).join(', ') || 'none';
      throw new LocalParamsError(`--stage ${stage}: ${file} has no stages.${stage} (stages: ${known})`, true);
    }
  } else if (options.stage !== undefined) {
    throw new LocalParamsError(
      `--stage ${stage}: no cdk.json in ${options.cwd} or the project root above it`,
      true,
    );
  }
  const overrides = options.overrides ?? {};
  if (Object.keys(overrides).length > 0) summary.push(`params from --param: ${listValues(overrides)}`);
  return {
    values: { ...fromStage, ...overrides },
    access,
    ...(from !== undefined && { stage: from }),
    summary,
  };
}

/** cdk.json in `cwd`, else in the nearest directory above it with a package.json (the project). */
export function findCdkJson(cwd: string): string | undefined {
  if (existsSync(join(cwd, 'cdk.json'))) return join(cwd, 'cdk.json');
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      const file = join(dir, 'cdk.json');
      return existsSync(file) ? file : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function readStages(file: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LocalParamsError(`${file} is not valid JSON: ${(error as Error).message}`, false);
  }
  const stages = (json as { context?: { stages?: unknown } } | null)?.context?.stages;
  return isObject(stages) ? stages : {};
}

function stageSettings(where: string, settings: unknown) {
  try {
    return parseStageSettings(settings, where);
  } catch (error) {
    if (error instanceof StageConfigError) throw new LocalParamsError(error.message, false);
    throw error;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const listValues = (values: Readonly<Record<string, string>>) =>
  Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
