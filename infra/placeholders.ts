/**
 * Values for the placeholders of compiler/contracts/runtime.ts (`${Service_x}`, `${Handler_x}`,
 * `${StateMachine_x}`, …), in ASL (definition substitutions) and in the manifest's IAM resources
 * and event patterns. Values are formatted in the stack of the construct that uses them, so nested
 * stacks get their own `AWS::Region`/`AWS::AccountId` references rather than parameters.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { PlaceholderTargets } from '../compiler/manifest/placeholders.ts';
import type { Names } from './names.ts';

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

export interface PlaceholderSources {
  readonly names: Names;
  /** What the workflow and service arguments stand for (compiler/manifest/placeholders.ts). */
  readonly targets: PlaceholderTargets;
  /** ARN of a service's function (formatted when the function has a known name). */
  readonly serviceArn: (scope: IConstruct, service: string) => string | undefined;
  /** ARN of a handler function (`taskRegister` …). */
  readonly handlerArn: (scope: IConstruct, handler: string) => string | undefined;
  readonly eventBusName: string;
  readonly eventBusArn: string;
  readonly eventSource: string;
  readonly stateTableName: string;
  readonly stateTableArn: string;
}

const ifDefined = <T, R>(v: T | undefined, f: (v: T) => R): R | undefined =>
  v === undefined ? undefined : f(v);

export class Placeholders {
  constructor(private readonly sources: PlaceholderSources) {}

  /** The value of placeholder `key` (without `${}`), in `scope`'s stack; throws when unknown. */
  value(scope: IConstruct, key: string): string {
    const s = this.sources;
    const [kind, ...rest] = key.split('_');
    const arg = rest.join('_');
    let value: string | undefined;
    const workflow = () => s.targets.workflow(arg);
    const service = s.targets.service(arg);
    switch (kind) {
      case 'Service':
        value = service === undefined ? undefined : s.serviceArn(scope, service);
        break;
      case 'Handler':
        value = s.handlerArn(scope, arg);
        break;
      case 'StateMachine':
        value = ifDefined(workflow(), (id) => s.names.stateMachineArn(scope, id));
        break;
      case 'Executions':
        value = ifDefined(workflow(), (id) => s.names.executionsArn(scope, id));
        break;
      case 'MapRunExecutions':
        value = ifDefined(workflow(), (id) => s.names.mapRunExecutionsArn(scope, id));
        break;
      case 'EventBusName':
        value = s.eventBusName;
        break;
      case 'EventBusArn':
        value = s.eventBusArn;
        break;
      case 'EventSource':
        value = s.eventSource;
        break;
      case 'StateTable':
        value = s.stateTableName;
        break;
      case 'StateTableArn':
        value = s.stateTableArn;
        break;
      case 'StepFunctionsSyncRuleArn':
        value = Stack.of(scope).formatArn({
          service: 'events',
          resource: 'rule',
          resourceName: 'StepFunctionsGetEventsForStepFunctionsExecutionRule',
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        });
        break;
    }
    if (value === undefined) throw new Error(`unknown placeholder '\${${key}}' in the compiled processes`);
    return value;
  }

  /** Every placeholder key in `text`, sorted. */
  static keys(text: string): string[] {
    return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))].sort();
  }

  /** `text` with every placeholder replaced by its value (the result may contain tokens). */
  substitute(scope: IConstruct, text: string): string {
    return text.replace(PLACEHOLDER, (_, key: string) => this.value(scope, key));
  }
}
