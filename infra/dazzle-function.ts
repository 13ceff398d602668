/**
 * One Lambda function the way every Dazzle function is deployed: NodejsFunction bundled by the local
 * esbuild (ESM, minified, arm64, AWS SDK external; Powertools from its layer for the handlers), its
 * own log group with retention, its own role whose only baseline permission is writing to that log
 * group (no AWSLambdaBasicExecutionRole, so no managed policy and no `*` log resource), Powertools
 * settings in the environment.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EXTERNAL, HANDLER_EXTERNAL } from '../lambdas/bundle.ts';
import { acknowledge, XRAY_REASON } from './nag.ts';
import { powertoolsLayer } from './powertools-layer.ts';

/** The Lambda runtime: the newest Node.js CDK knows (cdk-nag AwsSolutions-L1); code targets node20. */
export const DAZZLE_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Bundled CommonJS dependencies call require(); give the ESM output a working one. */
const REQUIRE_BANNER = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

export interface DazzleFunctionProps {
  /** The TypeScript/JavaScript module exporting `handler`. */
  readonly entry: string;
  /** Powertools service name. */
  readonly serviceName: string;
  /** The function's physical name (see names.ts: ARNs are formatted from it). */
  readonly functionName: string;
  readonly environment?: Readonly<Record<string, string>>;
  /** Files written next to the bundle (`name` → content), e.g. JSON configs too large for env vars. */
  readonly files?: Readonly<Record<string, string>>;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** @default 'INFO' */
  readonly logLevel?: string;
  /**
   * A directory holding the module already bundled as `index.mjs` (infra/prebundle.ts): no esbuild
   * run at synth; `files` are written into it.
   * @default bundle `entry` with NodejsFunction
   */
  readonly bundledDir?: string;
  /**
   * Give the function the Powertools layer and leave Powertools out of its bundle (the Dazzle
   * handlers). Service modules keep whatever Powertools version they bundle.
   * @default false
   */
  readonly powertoolsLayer?: boolean;
}

export class DazzleFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: DazzleFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Dazzle ${props.serviceName} function`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    // Tracing.ACTIVE adds the X-Ray write actions, which only work on "*".
    acknowledge(this.role, 'AwsSolutions-IAM5[Resource::*]', XRAY_REASON);
    if (props.bundledDir && props.files) writeFiles(props.files, props.bundledDir);
    const filesDir = props.files && !props.bundledDir ? writeFiles(props.files) : undefined;
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      functionName: props.functionName,
      handler: props.bundledDir ? 'index.handler' : 'handler',
      ...(props.bundledDir ? { code: lambda.Code.fromAsset(props.bundledDir) } : {}),
      runtime: DAZZLE_RUNTIME,
      ...(props.powertoolsLayer ? { layers: [powertoolsLayer(this)] } : {}),
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        POWERTOOLS_LOGGER_LOG_EVENT: 'false',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        target: 'node20',
        externalModules: props.powertoolsLayer ? HANDLER_EXTERNAL : EXTERNAL,
        banner: REQUIRE_BANNER,
        mainFields: ['module', 'main'],
        ...(filesDir
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_input: string, output: string) => [`cp ${filesDir}/* ${output}/`],
              },
            }
          : {}),
      },
    });
  }
}

/** Writes `files` to `dir` (default a fresh temporary directory for the bundling hook to copy). */
function writeFiles(
  files: Readonly<Record<string, string>>,
  dir = join(tmpdir(), `dazzle-files-${process.pid}-${counter++}`),
): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

let counter = 0;
