/**
 * Physical names. State machines and functions get fixed names so their ARNs can be formatted
 * (`Stack.formatArn`) instead of referenced: a machine that starts itself (distributed Map), a
 * handler that answers the machine that invokes it (SendTaskSuccess) and processes in nested stacks
 * then need no references between resources, so no circular dependencies and no stack parameters.
 */
import { createHash } from 'node:crypto';
import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** AWS name charset for state machines, functions, rules and schedules. */
const NAME = /^[A-Za-z0-9_-]+$/;

/** `prefix-suffix`, shortened with a hash when longer than `max` (names stay unique and stable). */
export function physicalName(prefix: string, suffix: string, max: number): string {
  const name = `${prefix}-${suffix}`;
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - 9)}-${hash}`;
}

export function checkNamePrefix(prefix: string): void {
  if (!NAME.test(prefix) || prefix.length > 40) {
    throw new Error(
      `namePrefix '${prefix}' must be 1-40 characters of A-Z a-z 0-9 _ - (it starts every state machine, function and schedule name)`,
    );
  }
}

export class Names {
  constructor(readonly prefix: string) {
    checkNamePrefix(prefix);
  }

  /** State machine names: at most 80 characters. */
  stateMachine(workflow: string): string {
    return physicalName(this.prefix, workflow, 80);
  }

  /** Lambda function names: at most 64 characters. */
  function(name: string): string {
    return physicalName(this.prefix, name, 64);
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

/** `arn:<partition>:<service>:<region>:<account>:<resource>:<name>` in `scope`'s stack. */
export function arn(scope: IConstruct, service: string, resource: string, resourceName: string): string {
  return Stack.of(scope).formatArn({
    service,
    resource,
    resourceName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}
