/**
 * The embedded local runtime as a library: run compiled processes offline (`LocalRuntime`), one
 * execution on the virtual clock (`runOnce`, what `dazzle-sfn run` does), or the dev server
 * (`DevServer`, what `dazzle-sfn dev` / `npm start` run).
 */
export { apiGatewayEvent, devCaller } from './api-event.ts';
export { LocalAwsEndpoint } from './aws/endpoint.ts';
export { type BusEvent, type BusRule, LocalEventBus } from './bus/bus.ts';
export { type EventPattern, matchesPattern } from './bus/pattern.ts';
export { compileForLocal, type LocalCompile } from './compile.ts';
export { DevServer, type DevServerOptions } from './devserver/server.ts';
export { LOCAL_TABLES, startDynamo } from './dynamo.ts';
export { defaultAnswer, type FakeModel } from './functions/fake-llm.ts';
export {
  invokeHandler,
  type LambdaContext,
  type LambdaHandler,
  ServiceDirectory,
} from './functions/services.ts';
export { type RunOptions, type RunReport, runOnce } from './run.ts';
export {
  type Invocation,
  LocalRuntime,
  type LocalRuntimeOptions,
  type RuntimeLog,
  type ScriptedAnswers,
} from './runtime.ts';
