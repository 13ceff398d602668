/**
 * Physical names. Workflows are named by their id (`process-x` / `schedule-x`, so a process and a
 * schedule of one name never clash) and services by their token (`Fulfillment.ship` →
 * `Fulfillment_ship_<hash>`; compiler/contracts/names.ts). Every name is cut to AWS's limit with a
 * hash suffix, deterministically; two sources that would still get one name throw (never a
 * silent clash). Limits (API references): CreateStateMachine `name` 1–80
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html),
 * CreateFunction `FunctionName` at most 64 characters as a plain name
 * (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html), CreateSchedule `Name`
 * 1–64 of `[0-9a-zA-Z-_.]` (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html).
 *
 * State machines and functions get fixed names so their ARNs can be formatted
 * (`Stack.formatArn`) instead of referenced: a machine that starts itself (distributed Map), a
 * handler that answers the machine that invokes it (SendTaskSuccess) and processes in nested stacks
 * then need no references between resources, so no circular dependencies and no stack parameters.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { fitName, nameToken } from '../compiler/contracts/names.ts';

/** AWS name charset for state machines, functions, rules and schedules. */
const NAME = /^[A-Za-z0-9_-]+$/;

/** `prefix-suffix`, shortened with a hash when longer than `max` (names stay unique and stable). */
export function physicalName(prefix: string, suffix: string, max: number): string {
  return fitName(`${prefix}-${suffix}`, max);
}

export function checkNamePrefix(prefix: string): void {
  if (!NAME.test(prefix) || prefix.length > 40) {
    throw new Error(
      `namePrefix '${prefix}' must be 1-40 characters of A-Z a-z 0-9 _ - (it starts every state machine, function and schedule name)`,
    );
  }
}

export const MAX_STATE_MACHINE_NAME = 80;
export const MAX_FUNCTION_NAME = 64;
export const MAX_SCHEDULE_NAME = 64;

export class Names {
  /** `<kind>\u0000<physical name>` → what it names, to refuse two sources sharing one name. */
  private readonly given = new Map<string, string>();

  constructor(readonly prefix: string) {
    checkNamePrefix(prefix);
  }

  /** The state machine of workflow `id` (`process-x`, `schedule-x`): at most 80 characters. */
  stateMachine(id: string): string {
    return this.claim('state machine', physicalName(this.prefix, id, MAX_STATE_MACHINE_NAME), id);
  }

  /** Lambda function names: at most 64 characters. */
  function(name: string): string {
    return this.claim('function', physicalName(this.prefix, name, MAX_FUNCTION_NAME), name);
  }

  /** The function of user service `service` (dotted names welcome): `<prefix>-svc-<token>`. */
  serviceFunction(service: string): string {
    return this.function(serviceFunctionId(service));
  }

  /** The Scheduler schedule of manifest schedule entry `id` (`process-x`, `schedule-x.2`): at most 64. */
  schedule(id: string): string {
    return this.claim('schedule', physicalName(this.prefix, id, MAX_SCHEDULE_NAME), id);
  }

  private claim(kind: string, physical: string, source: string): string {
    const key = `${kind}\u0000${physical}`;
    const earlier = this.given.get(key);
    if (earlier !== undefined && earlier !== source) {
      throw new Error(
        `${kind} name '${physical}' would name both '${earlier}' and '${source}'; rename one of them (or shorten namePrefix)`,
      );
    }
    this.given.set(key, source);
    return physical;
  }

  stateMachineArn(scope: IConstruct, workflow: string): string {
    return arn(scope, 'states', 'stateMachine', this.stateMachine(workflow));
  }

  /** `arn:…:execution:<machine>:*`: every execution of the workflow's machine. */
  executionsArn(scope: IConstruct, workflow: string): string {
    return arn(scope, 'states', 'execution', `${this.stateMachine(workflow)}:*`);
  }

  /**
   * `arn:…:execution:<machine>/*`: the child workflow executions of the machine's Distributed Map
   * runs (`execution:<machine>/<map run label>:<id>`).
   */
  mapRunExecutionsArn(scope: IConstruct, workflow: string): string {
    return arn(scope, 'states', 'execution', `${this.stateMachine(workflow)}/*`);
  }

  /** Prefix of every state machine ARN of this app (for the status-change rule). */
  stateMachineArnPrefix(scope: IConstruct): string {
    return arn(scope, 'states', 'stateMachine', `${this.prefix}-`);
  }

  functionArn(scope: IConstruct, name: string): string {
    return arn(scope, 'lambda', 'function', this.function(name));
  }
}

/** `svc-<token>`: what `Names.function` gets for a user service (its handler-dir-like id). */
export const serviceFunctionId = (service: string): string => `svc-${nameToken(service)}`;

/** `arn:<partition>:<service>:<region>:<account>:<resource>:<name>` in `scope`'s stack. */
export function arn(scope: IConstruct, service: string, resource: string, resourceName: string): string {
  return Stack.of(scope).formatArn({
    service,
    resource,
    resourceName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}
