/**
 * The settings of one deployment stage: `context.stages.<stage>` of cdk.json. One schema for every
 * reader — the CDK app (`infra/app.ts`), the local runtime (`dev`, `run`: `local/params.ts`) and,
 * through the environment infra and the dev server set, the handler Lambdas (`access`) — so a
 * stage that one of them accepts, all accept. Errors quote the bad value and say the fix.
 */
import { z } from 'zod';
import { didYouMean } from '../diagnostics/suggest.ts';
import type { AccessConfig } from './access.ts';

/** Step Functions log levels (`LoggingConfiguration.level`). */
export const LOG_LEVELS = ['OFF', 'ALL', 'ERROR', 'FATAL'] as const;
export type StateMachineLogLevel = (typeof LOG_LEVELS)[number];

const roleName = z.string({ error: 'expected a role name (a non-empty string), e.g. "admin"' }).min(1, {
  error: 'expected a role name (a non-empty string), e.g. "admin"',
});
const roleList = z.array(roleName, { error: 'expected a list of role names, e.g. ["clerk", "manager"]' });
const rules = (what: string, example: string) =>
  z.record(z.string(), roleList, {
    error: `expected an object of ${what} name → list of roles, e.g. {"${example}": ["clerk"]}`,
  });
const flag = z.boolean({ error: 'expected true or false' });

export const StageAccessSchema = z
  .object(
    {
      adminRole: roleName.optional(),
      start: rules('process', 'reopen_expense').optional(),
      signals: rules('signal', 'receipt_uploaded').optional(),
      iamSignals: flag.optional(),
    },
    { error: 'expected an object {adminRole?, start?, signals?, iamSignals?}' },
  )
  .strict();

export const StageLoggingSchema = z
  .object(
    {
      level: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).optional(),
      includeExecutionData: flag.optional(),
    },
    { error: 'expected an object {level?, includeExecutionData?}' },
  )
  .strict();

const positive = (what: string) =>
  z.number({ error: `expected ${what}` }).positive({ error: `expected ${what}` });

export const StageSettingsSchema = z
  .object(
    {
      removal: z.enum(['retain', 'destroy'], { error: 'expected "retain" or "destroy"' }).optional(),
      logRetentionDays: positive('a number of days, e.g. 30')
        .int({ error: 'expected a whole number of days, e.g. 30' })
        .optional(),
      jwtIssuer: z.string({ error: 'expected the issuer URL, e.g. "https://cognito-idp…"' }).optional(),
      jwtAudience: z
        .array(z.string(), { error: 'expected a list of client ids, e.g. ["my-client-id"]' })
        .optional(),
      rolesClaim: z.string({ error: 'expected a claim name, e.g. "cognito:groups"' }).min(1).optional(),
      workflowType: z.enum(['standard', 'auto'], { error: 'expected "standard" or "auto"' }).optional(),
      throttleRateLimit: positive('requests per second, e.g. 50').optional(),
      throttleBurstLimit: positive('a number of requests, e.g. 100')
        .int({ error: 'expected a whole number of requests, e.g. 100' })
        .optional(),
      params: z
        .record(
          z.string(),
          z.union([z.string(), z.number()], { error: 'expected a string or a number' }).transform(String),
          { error: 'expected an object of param name → value, e.g. {"report_cron": "0 6 * * 1-5"}' },
        )
        .optional(),
      account: z.string({ error: 'expected an AWS account id, e.g. "123456789012"' }).optional(),
      region: z.string({ error: 'expected an AWS region, e.g. "eu-west-1"' }).optional(),
      access: StageAccessSchema.optional(),
      logging: StageLoggingSchema.optional(),
    },
    { error: 'expected an object of stage settings' },
  )
  .strict();

export type StageSettings = z.output<typeof StageSettingsSchema>;
export type StageLogging = z.output<typeof StageLoggingSchema>;

// The schema and the handlers' type must agree (a compile error here means they drifted).
const _accessAgrees: AccessConfig = {} as z.output<typeof StageAccessSchema>;
void _accessAgrees;

export class StageConfigError extends Error {
  override readonly name = 'StageConfigError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/** `value` as JSON, cut short when long. */
function shown(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** The known keys of the object schema at `path`, for "did you mean". */
function knownKeys(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType = StageSettingsSchema;
  for (const key of path) {
    const inner = (schema as z.ZodType & { unwrap?: () => z.ZodType }).unwrap?.() ?? schema;
    const shape = (inner as z.ZodObject).shape as Record<string, z.ZodType> | undefined;
    if (!shape || typeof key !== 'string' || !Object.hasOwn(shape, key)) return [];
    schema = shape[key];
  }
  const inner = (schema as z.ZodType & { unwrap?: () => z.ZodType }).unwrap?.() ?? schema;
  return Object.keys(((inner as z.ZodObject).shape as object | undefined) ?? {});
}

/**
 * The stage's settings, validated; `where` names them in messages (`cdk.json: stages.dev`).
 * Throws `StageConfigError` listing every problem.
 */
export function parseStageSettings(value: unknown, where: string): StageSettings {
  const result = StageSettingsSchema.safeParse(value ?? {}, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const at = [where, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(issue.path);
      return issue.keys
        .map(
          (key) =>
            `${at}: unknown setting "${key}"; remove it or use one of ${known.join(', ')}.${didYouMean(key, known)}`,
        )
        .join('\n');
    }
    return `${at}: ${issue.message}, got ${shown(issue.input)}`;
  });
  throw new StageConfigError(problems);
}
