/**
 * One stack per stage (`dazzle-<app>-<stage>`), holding the DazzleProcesses construct. cdk-nag's
 * AwsSolutions pack runs on every synth (registered by app.ts on the App).
 */
import { Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DazzleProcesses, type DazzleProcessesProps } from './dazzle-processes.ts';

export interface DazzleStackProps extends StackProps {
  /** Everything the construct takes; `stage` also names the stack. */
  readonly processes: DazzleProcessesProps & { readonly stage: string; readonly appName: string };
}

export class DazzleStack extends Stack {
  readonly processes: DazzleProcesses;

  /** `dazzle-<app>-<stage>`. */
  static stackName(appName: string, stage: string): string {
    return `dazzle-${appName}-${stage}`;
  }

  constructor(scope: Construct, id: string, props: DazzleStackProps) {
    super(scope, id, {
      stackName: DazzleStack.stackName(props.processes.appName, props.processes.stage),
      description: `Dazzle processes of ${props.processes.appName} (${props.processes.stage})`,
      ...props,
    });
    Tags.of(this).add('dazzle:app', props.processes.appName);
    Tags.of(this).add('dazzle:stage', props.processes.stage);
    this.processes = new DazzleProcesses(this, 'Processes', props.processes);
  }
}
