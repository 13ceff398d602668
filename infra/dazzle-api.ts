/**
 * The HTTP API of DESIGN.md §6: every route behind a JWT authorizer, one stage with throttling and
 * access logs, each route integrated with the handler Lambda that serves it; with `iamSignals`, also
 * `POST /iam/signals/{name}` behind IAM authorization for callers that sign with SigV4 (an HTTP API
 * route has one authorizer, so IAM callers get a route of their own).
 */
import type { RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HandlerDir } from '../lambdas/bundle.ts';

/** DESIGN.md §6: method, path, the handler that serves it. */
export const API_ROUTES: readonly { method: apigw.HttpMethod; path: string; handler: HandlerDir }[] = [
  { method: apigw.HttpMethod.POST, path: '/processes/{name}/executions', handler: 'start' },
  { method: apigw.HttpMethod.GET, path: '/executions/{id}', handler: 'run-record' },
  { method: apigw.HttpMethod.GET, path: '/tasks', handler: 'task-api' },
  { method: apigw.HttpMethod.GET, path: '/tasks/{id}', handler: 'task-api' },
  { method: apigw.HttpMethod.POST, path: '/tasks/{id}/complete', handler: 'task-api' },
  { method: apigw.HttpMethod.POST, path: '/signals/{name}', handler: 'signal-deliver' },
];

export interface DazzleApiProps {
  readonly apiName: string;
  readonly handler: (dir: HandlerDir) => lambda.IFunction;
  readonly jwtIssuer: string;
  readonly jwtAudience: readonly string[];
  readonly throttleRateLimit: number;
  readonly throttleBurstLimit: number;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** Add `POST /iam/signals/{name}` with IAM authorization. @default false */
  readonly iamSignals?: boolean;
}

/** The route IAM-signed callers deliver signals on (signal-deliver serves it). */
export const IAM_SIGNAL_ROUTE = { method: apigw.HttpMethod.POST, path: '/iam/signals/{name}' } as const;

export class DazzleApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  /** `POST /iam/signals/{name}`, when `iamSignals` is on. */
  readonly iamSignalRoute?: apigw.HttpRoute;

  constructor(scope: Construct, id: string, props: DazzleApiProps) {
    super(scope, id);
    const authorizer = new HttpJwtAuthorizer('Jwt', props.jwtIssuer, { jwtAudience: [...props.jwtAudience] });
    this.api = new apigw.HttpApi(this, 'HttpApi', {
      apiName: props.apiName,
      description: 'Dazzle processes: manual starts, runs, human tasks, signals',
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stage = this.api.addStage('Stage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttleRateLimit, burstLimit: props.throttleBurstLimit },
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs) },
    });
    const integrations = new Map<HandlerDir, HttpLambdaIntegration>();
    for (const route of API_ROUTES) {
      let integration = integrations.get(route.handler);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.handler}-integration`, props.handler(route.handler));
        integrations.set(route.handler, integration);
      }
      this.api.addRoutes({ path: route.path, methods: [route.method], integration });
    }
    if (props.iamSignals) {
      const integration = integrations.get('signal-deliver');
      [this.iamSignalRoute] = this.api.addRoutes({
        path: IAM_SIGNAL_ROUTE.path,
        methods: [IAM_SIGNAL_ROUTE.method],
        integration:
          integration ??
          new HttpLambdaIntegration('signal-deliver-integration', props.handler('signal-deliver')),
        authorizer: new HttpIamAuthorizer(),
      });
    }
  }

  get url(): string {
    return this.stage.url;
  }
}
