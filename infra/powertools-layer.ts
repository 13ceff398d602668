/**
 * The Powertools for AWS Lambda (TypeScript) layer that AWS publishes, at the version this package
 * installs, in the region the stack deploys to. The Dazzle handlers import only Powertools' logger
 * from it (the layer holds every Powertools package), so their bundles leave Powertools out
 * (`HANDLER_EXTERNAL`): ~20 KB less per handler, and `schedule-catch-up` (croner) under 50 KB.
 *
 * The layer's ARN differs per region and partition (account 094274105915 in commercial regions,
 * others in GovCloud and China), so it is not written here: AWS publishes it as the public SSM
 * parameter `/aws/service/powertools/typescript/generic/all/<version>` in every commercial region
 * ("Lookup Layer ARN via AWS SSM Parameter Store",
 * https://docs.aws.amazon.com/powertools/typescript/latest/getting-started/lambda-layers/), which
 * CloudFormation resolves at deploy time through a dynamic reference (`{{resolve:ssm:…}}`, as that
 * page shows for SAM). Pinned to the installed version, not `latest`, so the deployed logger is the
 * one the tests and the local runtime run. Lambda resolves ES module imports from layers on Node.js
 * 18 and later (https://repost.aws/knowledge-center/lambda-import-module-error-nodejs).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';

/** The package whose version picks the layer: the only Powertools package the handlers import. */
const PACKAGE = '@aws-lambda-powertools/logger';

/** The installed version of Powertools' logger (read from its package.json). */
export function powertoolsVersion(): string {
  // The package's exports do not include package.json: walk up from its entry point.
  let dir = dirname(createRequire(import.meta.url).resolve(PACKAGE));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === PACKAGE && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the version of ${PACKAGE}`);
    dir = parent;
  }
}

/** AWS's public SSM parameter holding the layer's ARN for a Powertools version, in each region. */
export const powertoolsLayerParameter = (version = powertoolsVersion()): string =>
  `/aws/service/powertools/typescript/generic/all/${version}`;

/** The layer, one per stack (every function of the stack shares it). */
export function powertoolsLayer(scope: Construct): lambda.ILayerVersion {
  const stack = Stack.of(scope);
  const id = 'PowertoolsLayer';
  const existing = stack.node.tryFindChild(id) as lambda.ILayerVersion | undefined;
  if (existing) return existing;
  const arn = ssm.StringParameter.fromStringParameterAttributes(stack, 'PowertoolsLayerArn', {
    parameterName: powertoolsLayerParameter(),
    forceDynamicReference: true,
  }).stringValue;
  return lambda.LayerVersion.fromLayerVersionArn(stack, id, arn);
}
