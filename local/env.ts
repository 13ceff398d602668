/**
 * The process environment of the local runtime. The handler Lambdas read their configuration from
 * the environment and their SDK clients honour `AWS_ENDPOINT_URL_*`, so the runtime sets both, in
 * process (one runtime per process at a time): dummy credentials, the local endpoints, the tables,
 * the bus and the process/schedule configs built from the manifest.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { type AccessConfig, taskRolesOf } from '../compiler/contracts/access.ts';
import { qualifiedName } from '../compiler/contracts/names.ts';
import type { ParamValues } from '../compiler/manifest/params.ts';
import type { Manifest } from '../compiler/manifest/schema.ts';
import { ENV } from '../lambdas/shared/env.ts';
import { LOCAL_TABLES } from './dynamo.ts';
import {
  functionArn,
  handlerFunctionName,
  LOCAL_ACCOUNT,
  LOCAL_BUS,
  LOCAL_REGION,
  stateMachineArn,
} from './names.ts';
import { scheduleConfigs } from './schedule/recurring.ts';

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** The AWS settings the process had before a runtime replaced them with local ones. */
const CALLER_AWS = {
  region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION,
  accessKeyId: process.env.AWS_ACCESS_KEY_ID,
  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
  sessionToken: process.env.AWS_SESSION_TOKEN,
};

export function setEnv(values: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

/** Region and dummy credentials: every SDK client in the process talks to local endpoints only. */
export const LOCAL_AWS_ENV: Record<string, string | undefined> = {
  AWS_REGION: LOCAL_REGION,
  AWS_DEFAULT_REGION: LOCAL_REGION,
  AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_MAX_ATTEMPTS: '1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export function endpointEnv(awsEndpoint: string, dynamoEndpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_SFN: awsEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: awsEndpoint,
    AWS_ENDPOINT_URL_SCHEDULER: awsEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
  };
}

/**
 * What infra would set on the handler Lambdas, for the local names (`lambdas/shared/env.ts`). A
 * schedule whose param has no value is left out; an invalid param value throws `InvalidParam`.
 */
export function handlerEnv(
  manifest: Manifest,
  eventSource: string,
  params: ParamValues = {},
  access: AccessConfig = {},
): Record<string, string> {
  const processes: Record<string, unknown> = {};
  const schedules: Record<string, unknown> = {};
  for (const w of manifest.workflows) {
    const machine = stateMachineArn(w.id);
    // Locally every process can be started by hand, whatever its trigger (by name, as the API's
    // route says); schedules are listed by id, for run-record to name their runs.
    processes[w.kind === 'process' ? w.name : w.id] = {
      stateMachineArn: machine,
      inputs: w.kind === 'process' ? w.inputs : [],
      name: w.name,
      kind: w.kind,
      taskRoles: taskRolesOf(w),
    };
    for (const s of w.schedules) {
      const c = scheduleConfigs(qualifiedName(w), s, machine, params);
      if ('configs' in c)
        for (const { id, config } of c.configs) schedules[id] = { ...config, workflow: w.id, name: w.name };
    }
  }
  return {
    [ENV.stateTable]: LOCAL_TABLES.state,
    [ENV.entityTable]: LOCAL_TABLES.entity,
    [ENV.eventBus]: LOCAL_BUS,
    [ENV.eventSource]: eventSource,
    [ENV.devAuth]: '1',
    [ENV.taskEscalateArn]: functionArn(handlerFunctionName('taskEscalate')),
    [ENV.schedulerRoleArn]: `arn:aws:iam::${LOCAL_ACCOUNT}:role/dazzle-local-scheduler`,
    [ENV.schedulerGroup]: 'default',
    [ENV.processes]: JSON.stringify(processes),
    [ENV.access]: JSON.stringify(access),
    [ENV.schedules]: JSON.stringify(schedules),
    // Run records refresh from the engine after a second, not 30 (local executions are quick).
    [ENV.runStaleSeconds]: '1',
    POWERTOOLS_LOG_LEVEL: 'WARN',
  };
}

/** A Bedrock client with the caller's own credentials (access keys from the environment). */
export function bedrockClient(): BedrockRuntimeClient {
  const { region, accessKeyId, secretAccessKey, sessionToken } = CALLER_AWS;
  return new BedrockRuntimeClient({
    region: region ?? 'us-east-1',
    ...(accessKeyId && secretAccessKey && { credentials: { accessKeyId, secretAccessKey, sessionToken } }),
  });
}
