/**
 * Grants on the app's state machines (or their executions), by formatted ARN, in CDK's style: any
 * `IGrantable` in, an `iam.Grant` out. Up to `MAX_LISTED_MACHINES` machines are listed one by one;
 * beyond that the statement names the app's machine name prefix instead, because a role's inline
 * policies may total only 10,240 characters.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, type IConstruct } from 'constructs';
import { acknowledgeWildcards } from './nag.ts';
import { arn, type Names } from './names.ts';

export const MAX_LISTED_MACHINES = 20;

/**
 * `actions` on the machines (`kind: 'machine'`) or the executions of `workflows`. ARNs are
 * formatted in the grantee's stack (or `scope`'s when the grantee is no construct, e.g. an account
 * principal); cdk-nag's wildcard findings are acknowledged on the grantee with the reason.
 */
export function grantOnMachines(
  grantee: iam.IGrantable,
  names: Names,
  actions: readonly string[],
  workflows: readonly string[],
  kind: 'machine' | 'executions',
  scope?: IConstruct,
): iam.Grant {
  const principal = grantee.grantPrincipal;
  const owner = Construct.isConstruct(principal) ? principal : scope;
  if (!owner)
    throw new Error(`grantOnMachines: ${principal} is no construct; pass the scope to format ARNs in`);
  if (workflows.length === 0) return iam.Grant.drop(grantee, `${actions.join(', ')} on no workflow`);
  if (workflows.length <= MAX_LISTED_MACHINES) {
    const resourceArns = workflows.map((w) =>
      kind === 'machine' ? names.stateMachineArn(owner, w) : names.executionsArn(owner, w),
    );
    const grant = iam.Grant.addToPrincipal({ grantee, actions: [...actions], resourceArns });
    acknowledgeWildcards(
      owner,
      resourceArns,
      'executions are named at run time; scoped to the named state machine',
    );
    return grant;
  }
  const resource = arn(
    owner,
    'states',
    kind === 'machine' ? 'stateMachine' : 'execution',
    `${names.prefix}-*`,
  );
  const grant = iam.Grant.addToPrincipal({ grantee, actions: [...actions], resourceArns: [resource] });
  acknowledgeWildcards(
    owner,
    [resource],
    `more than ${MAX_LISTED_MACHINES} state machines: granted on the app's machine name prefix (every machine of the app is named <prefix>-<workflow>) to stay under IAM's inline policy size limit`,
  );
  return grant;
}
