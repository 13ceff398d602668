/**
 * Grants on the app's state machines (or their executions), by formatted ARN. Up to
 * `MAX_LISTED_MACHINES` machines are listed one by one; beyond that the statement names the app's
 * machine name prefix instead, because a role's inline policies may total only 10,240 characters.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { acknowledgeWildcards } from './nag.ts';
import { arn, type Names } from './names.ts';

export const MAX_LISTED_MACHINES = 20;

export function grantOnMachines(
  role: iam.IRole & IConstruct,
  names: Names,
  actions: readonly string[],
  workflows: readonly string[],
  kind: 'machine' | 'executions',
): void {
  if (workflows.length === 0) return;
  if (workflows.length <= MAX_LISTED_MACHINES) {
    const resources = workflows.map((w) =>
      kind === 'machine' ? names.stateMachineArn(role, w) : names.executionsArn(role, w),
    );
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...actions], resources }));
    acknowledgeWildcards(
      role,
      resources,
      'executions are named at run time; scoped to the named state machine',
    );
    return;
  }
  const resource = arn(
    role,
    'states',
    kind === 'machine' ? 'stateMachine' : 'execution',
    `${names.prefix}-*`,
  );
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...actions], resources: [resource] }));
  acknowledgeWildcards(
    role,
    [resource],
    `more than ${MAX_LISTED_MACHINES} state machines: granted on the app's machine name prefix (every machine of the app is named <prefix>-<workflow>) to stay under IAM's inline policy size limit`,
  );
}
