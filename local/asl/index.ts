/**
 * The embedded ASL (JSONata) interpreter of the local runtime: state machines compiled by dazzle-sfn
 * run in-process, on a virtual clock (tests, `dazzle-sfn run`) or the real clock (dev server).
 *
 * ```ts
 * const engine = new AslEngine({
 *   clock: new RealClock(), // default: new VirtualClock()
 *   integrations: { invokeLambda: lambdaFromHandlers({ charge: handler }), putEvents, dynamodb: dynamoDbFromClient(client) },
 * });
 * engine.registerStateMachine('order', aslJson, { substitutions: { Service_charge: 'charge' } });
 * const { executionArn } = engine.startExecution('order', { input: {}, trigger: {} }, { name: eventId });
 * const done = await engine.awaitExecution(executionArn); // {status, output, error, cause, transitions, …}
 * ```
 */
export { type Clock, RealClock, type TimerHandle, VirtualClock, type VirtualClockOptions } from './clock.ts';
export {
  AslEngine,
  type AslEngineOptions,
  type ExecutionDescription,
  type ExecutionStatus,
  type RegisterOptions,
  type StartExecutionOutput,
  type StateMachineInfo,
  type WorkflowType,
} from './engine.ts';
export {
  AslApiError,
  type DefinitionProblem,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ExecutionNotRedrivable,
  InvalidDefinition,
  InvalidExecutionInput,
  InvalidName,
  InvalidOutput,
  InvalidToken,
  STATES_ERRORS,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  StatesError,
  TaskTimedOut,
} from './errors.ts';
export type { HistoryEvent, HistoryEventType } from './history.ts';
export { dynamoDbFromClient } from './integrations/dynamodb.ts';
export { functionNameOf, type Handler, lambdaFromHandlers } from './integrations/lambda.ts';
export type {
  DynamoDbAction,
  DynamoDbApi,
  IntegrationContext,
  Integrations,
  InvokeLambda,
  LambdaInvokeResult,
  PutEvents,
  PutEventsEntry,
  PutEventsResult,
} from './integrations/types.ts';
export { type Random, seededRandom } from './random.ts';
export { SUPPORTED_RESOURCES } from './resources.ts';
export type { EngineSnapshot, ExecutionSnapshot, Position } from './snapshot.ts';
