/**
 * Integration test on real AWS (`npm run test:aws`, run by integ-runner from
 * `@aws-cdk/integ-tests-alpha`): deploys a stage (DazzleProcesses over test/integ/dsl plus a Cognito
 * user pool made for the test), then asserts through the deployed API and bus:
 *   1. a manual process started with POST /processes/integ_review/executions, its human task listed
 *      and completed with a JWT of a pool user in the `reviewer` group, the execution SUCCEEDED;
 *   2. an EntityCreated event on the bus starts integ_signal; a `Signal` event on the bus with the
 *      entity's id as correlation resumes it; it SUCCEEDED;
 *   3. the `integ_tick` schedule (every minute) has a SUCCEEDED execution;
 * and destroys the stage. Without credentials nothing here runs: test/integ/integ.test.ts
 * synthesizes this app offline in `npm test` so it stays deployable.
 *
 * The example app is not deployed as such: its processes call Bedrock (model access is per account)
 * and wait a day before a signal; these processes exercise the same start and resume paths.
 */
import { join } from 'node:path';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { DazzleProcesses, ProcessSource } from '../../infra/index.ts';

const DSL = join(import.meta.dirname, 'dsl');
/** The pool user's password: a throwaway for a user that lives as long as the test stack. */
const PASSWORD = 'Integ-Test-1!aA';
const USER = 'integ-reviewer';
const ITEM = 'integ-item-1';

export interface IntegApp {
  app: App;
  stage: Stack;
  integ: IntegTest;
}

export function integApp(app: App = new App()): IntegApp {
  const stage = new Stack(app, 'dazzle-integ');
  const pool = new cognito.UserPool(stage, 'Users', {
    selfSignUpEnabled: false,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const client = pool.addClient('Client', { authFlows: { adminUserPassword: true }, generateSecret: false });
  new cognito.CfnUserPoolGroup(stage, 'Reviewers', { userPoolId: pool.userPoolId, groupName: 'reviewer' });

  const processes = new DazzleProcesses(stage, 'Processes', {
    appName: 'integ',
    stage: 'integ',
    source: ProcessSource.fromFiles([DSL]),
    jwtIssuer: pool.userPoolProviderUrl,
    jwtAudience: [client.userPoolClientId],
    access: { adminRole: 'reviewer', start: { integ_review: ['reviewer'] } },
    removalPolicy: RemovalPolicy.DESTROY,
  });

  const integ = new IntegTest(app, 'DazzleInteg', {
    testCases: [stage],
    diffAssets: false,
    cdkCommandOptions: { destroy: { args: { force: true } } },
  });
  const api = processes.api.url;
  const a = integ.assertions;

  // A reviewer in the pool, and an ID token for them (its `cognito:groups` claim carries the role).
  const token = a
    .awsApiCall('CognitoIdentityProvider', 'adminCreateUser', {
      UserPoolId: pool.userPoolId,
      Username: USER,
      MessageAction: 'SUPPRESS',
    })
    .next(
      a.awsApiCall('CognitoIdentityProvider', 'adminSetUserPassword', {
        UserPoolId: pool.userPoolId,
        Username: USER,
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    .next(
      a.awsApiCall('CognitoIdentityProvider', 'adminAddUserToGroup', {
        UserPoolId: pool.userPoolId,
        Username: USER,
        GroupName: 'reviewer',
      }),
    );
  const auth = a.awsApiCall('CognitoIdentityProvider', 'adminInitiateAuth', {
    UserPoolId: pool.userPoolId,
    ClientId: client.userPoolClientId,
    AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: USER, PASSWORD },
  });
  token.next(auth);
  const headers = {
    Authorization: `Bearer ${auth.getAttString('AuthenticationResult.IdToken')}`,
    'Content-Type': 'application/json',
  };

  // 1. Manual start, human task completed over the API.
  const start = a
    .httpApiCall(`${api}processes/integ_review/executions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ input: { item_id: ITEM } }),
    })
    .expect(ExpectedResult.objectLike({ status: 202 }));
  auth.next(start);
  const tasks = a
    .httpApiCall(`${api}tasks?status=open`, { headers })
    .expect(
      ExpectedResult.objectLike({
        status: 200,
        body: { tasks: Match.arrayWith([Match.objectLike({ process: 'integ_review' })]) },
      }),
    )
    .waitForAssertions({ totalTimeout: Duration.minutes(2), interval: Duration.seconds(5) });
  start.next(tasks);
  const complete = a
    .httpApiCall(`${api}tasks/${tasks.getAttString('body.tasks.0.id')}/complete`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ outcome: 'approve', data: {} }),
    })
    .expect(ExpectedResult.objectLike({ status: 200 }));
  tasks.next(complete);
  complete.next(
    a
      .awsApiCall('SFN', 'describeExecution', { executionArn: start.getAttString('body.executionId') })
      .expect(ExpectedResult.objectLike({ status: 'SUCCEEDED' }))
      .waitForAssertions({ totalTimeout: Duration.minutes(2), interval: Duration.seconds(5) }),
  );

  // 2. An entity event starts a process; a signal on the bus resumes it.
  const put = (detailType: string, detail: object) =>
    a.awsApiCall('EventBridge', 'putEvents', {
      Entries: [
        {
          EventBusName: processes.eventBus.eventBusName,
          Source: processes.eventSource,
          DetailType: detailType,
          Detail: JSON.stringify(detail),
        },
      ],
    });
  /** Waits until the workflow (by id) has an execution in `status`. */
  const hasExecution = (workflow: string, status: string, minutes: number) =>
    a
      .awsApiCall('SFN', 'listExecutions', {
        stateMachineArn: processes.names.stateMachineArn(processes, workflow),
        statusFilter: status,
      })
      .expect(ExpectedResult.objectLike({ executions: Match.arrayWith([Match.objectLike({})]) }))
      .waitForAssertions({ totalTimeout: Duration.minutes(minutes), interval: Duration.seconds(10) });
  put('EntityCreated', { entity: 'IntegItem', id: ITEM, data: {} })
    .next(hasExecution('process-integ_signal', 'RUNNING', 2))
    .next(put('Signal', { name: 'integ_go', correlation_id: ITEM, payload: {} }))
    .next(hasExecution('process-integ_signal', 'SUCCEEDED', 3));

  // 3. The every-minute schedule has run.
  hasExecution('schedule-integ_tick', 'SUCCEEDED', 4);

  return { app, stage, integ };
}

// integ-runner runs this file as the app (`npx tsx test/integ/integ.dazzle.ts`).
if (process.argv[1] && import.meta.filename === process.argv[1]) integApp().app.synth();
