/**
 * cdk-nag (v3, AwsSolutions pack) acknowledgements. Every call names the rule and says why the
 * finding is intended; nothing is acknowledged app-wide.
 *
 * AwsSolutions-IAM5 reports one finding per wildcard resource (`AwsSolutions-IAM5[Resource::…]`)
 * and accepts only those exact ids, so `acknowledgeWildcards` computes them the way cdk-nag does:
 * resolve the resource in the role's stack and flatten the CloudFormation reference.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** Acknowledge IAM5 for each wildcard in `resources` (ARN strings, possibly with tokens). */
export function acknowledgeWildcards(scope: IConstruct, resources: readonly string[], reason: string): void {
  const stack = Stack.of(scope);
  for (const resource of resources) {
    const flat = flattenCfnReference(stack.resolve(resource));
    if (flat.includes('*')) acknowledge(scope, `AwsSolutions-IAM5[Resource::${flat}]`, reason);
  }
}

/** Acknowledge IAM5 for wildcard actions (`Action::s3:Get*`). */
export function acknowledgeWildcardActions(
  scope: IConstruct,
  actions: readonly string[],
  reason: string,
): void {
  for (const action of actions)
    if (action.includes('*')) acknowledge(scope, `AwsSolutions-IAM5[Action::${action}]`, reason);
}

/** cdk-nag's `flattenCfnReference` (utils/flatten-cfn-reference, not exported by the package). */
export function flattenCfnReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/}/g, '>');
  if (node !== null && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o['Fn::Join']) {
      const [delimiter, items] = o['Fn::Join'] as [string, unknown[]];
      return items.map(flattenCfnReference).join(delimiter);
    }
    if (o['Fn::Sub']) return flattenCfnReference(o['Fn::Sub']);
    if (o['Fn::GetAtt']) {
      const [resource, attribute] = o['Fn::GetAtt'] as [unknown, unknown];
      return `<${flattenCfnReference(resource)}.${flattenCfnReference(attribute)}>`;
    }
    if (o['Fn::ImportValue']) return flattenCfnReference(o['Fn::ImportValue']);
    if (o.Ref) return `<${flattenCfnReference(o.Ref)}>`;
  }
  return JSON.stringify(node);
}

/** Why X-Ray needs `*`: its write actions support no resource-level permissions. */
export const XRAY_REASON =
  'X-Ray tracing: xray:PutTraceSegments/PutTelemetryRecords/GetSampling* support no resource-level permissions (IAM requires "*")';

/**
 * What every state machine role gets from the L2 for logging and tracing: CloudWatch Logs vended
 * delivery actions and X-Ray writes, both on `*` because neither supports resource-level scoping.
 */
export function acknowledgeMachineDefaults(scope: IConstruct): void {
  acknowledge(
    scope,
    'AwsSolutions-IAM5[Resource::*]',
    `Step Functions logging (logs:CreateLogDelivery/GetLogDelivery/UpdateLogDelivery/DeleteLogDelivery/ListLogDeliveries/PutResourcePolicy/DescribeResourcePolicies/DescribeLogGroups) requires "*"; ${XRAY_REASON}`,
  );
}
