/**
 * The trigger router construct: the Express state machine of compiler/emit/router.ts (the same
 * definition the local runtime runs for bus deliveries and schedule slots), its log group, and
 * StartExecution on the workflows it may start. Rule and schedule targets send it
 * `routerEventInput` / `routerScheduleInput` (compiler/emit/router.ts).
 */
import type { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { triggerRouterDefinition } from '../compiler/emit/router.ts';
import { grantOnMachines } from './grants.ts';
import { DEFAULT_MACHINE_LOGGING, type MachineLogging, machineLogs } from './machine-logging.ts';
import { acknowledgeMachineDefaults } from './nag.ts';
import type { Names } from './names.ts';

export interface TriggerRouterProps {
  readonly stateMachineName: string;
  readonly names: Names;
  /** The ids of the workflows the router may start (those with event triggers or schedules). */
  readonly targetWorkflows: readonly string[];
  readonly logRetention: logs.RetentionDays;
  /** @default ERROR without execution data */
  readonly logging?: MachineLogging;
  readonly removalPolicy: RemovalPolicy;
}

export class TriggerRouter extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: TriggerRouterProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    // The definition carries its own TimeoutSeconds (60).
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.EXPRESS,
      definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(triggerRouterDefinition())),
      tracingEnabled: true,
      logs: machineLogs(this, logGroup, props.logging ?? DEFAULT_MACHINE_LOGGING, false),
    });
    grantOnMachines(
      this.stateMachine.role,
      props.names,
      ['states:StartExecution'],
      props.targetWorkflows,
      'machine',
    );
    acknowledgeMachineDefaults(this.stateMachine);
  }
}
